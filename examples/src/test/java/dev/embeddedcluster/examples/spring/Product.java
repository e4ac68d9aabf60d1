package dev.embeddedcluster.examples.spring;

import java.math.BigDecimal;

/** What the catalog sells; stored in Redis as JSON. */
public record Product(String sku, String name, BigDecimal price) {
}
