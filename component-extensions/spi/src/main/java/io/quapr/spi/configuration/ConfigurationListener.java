package io.quapr.spi.configuration;

/** Receives the changes of one subscription. */
@FunctionalInterface
public interface ConfigurationListener {

    /**
     * Called once per change, in the order the store saw the changes, never concurrently for one
     * subscription. It must not block and does not throw: the sidecar hands the update on (to
     * the app, to a gRPC stream) on its own.
     */
    void onUpdate(ConfigurationUpdate update);
}
