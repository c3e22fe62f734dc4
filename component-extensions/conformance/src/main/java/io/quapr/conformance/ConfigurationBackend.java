package io.quapr.conformance;

import java.util.Map;

/**
 * How the configuration suite writes items into a store's backend: the SPI only reads, so each
 * module with a configuration store provides one of these in its test sources, listed in
 * {@code META-INF/services/io.quapr.conformance.ConfigurationBackend}. It connects with the
 * fixture's metadata, in the layout the component reads (and daprd writes).
 */
public interface ConfigurationBackend extends AutoCloseable {

    /** The Dapr type whose backend this writes, e.g. {@code configuration.redis}. */
    String daprType();

    /**
     * Connects, and creates what the component expects to find before its {@code init} (a table,
     * a trigger). Called once, before the component is started.
     *
     * @param metadata the fixture's {@code spec.metadata}, name to value
     */
    void open(Map<String, String> metadata) throws Exception;

    /** Writes (creates or replaces) one item. */
    void set(String key, String value, String version) throws Exception;

    /** Removes one item. */
    void delete(String key) throws Exception;

    /** Disconnects. */
    @Override
    void close() throws Exception;
}
