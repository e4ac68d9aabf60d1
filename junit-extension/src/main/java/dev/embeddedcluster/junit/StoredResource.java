package dev.embeddedcluster.junit;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A value that JUnit closes when the store holding it closes. JUnit 5.13 and later close every
 * {@link AutoCloseable} in a store; 5.11 and 5.12 close only a {@code CloseableResource}, the
 * interface 5.13 deprecated. Being both, a value is closed once on every JUnit we support.
 */
@SuppressWarnings("deprecation")
interface StoredResource extends AutoCloseable, ExtensionContext.Store.CloseableResource {
    @Override
    void close() throws Exception;
}
