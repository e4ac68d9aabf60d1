package dev.embeddedcluster.examples.spring;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicInteger;

/** A slow product lookup (standing in for a database) with its results cached in Redis. */
@Service
public class ProductCatalog {
    private final AtomicInteger lookups = new AtomicInteger();

    @Cacheable("products")
    public Product find(String sku) {
        lookups.incrementAndGet();
        return new Product(sku, "Product " + sku, new BigDecimal("19.90"));
    }

    @CacheEvict("products")
    public void priceChanged(String sku) {
    }

    /** How often the slow source was asked. */
    public int lookups() {
        return lookups.get();
    }
}
