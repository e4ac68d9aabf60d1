package dev.embeddedcluster.compat;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

import java.util.concurrent.atomic.AtomicInteger;

/** Composes greetings slowly, so they are worth caching; counts how often it really did. */
@Service
public class GreetingService {
    private final AtomicInteger computations = new AtomicInteger();

    @Cacheable("greetings")
    public String greet(String name) {
        computations.incrementAndGet();
        return "Hello, " + name + "!";
    }

    public int computations() {
        return computations.get();
    }
}
