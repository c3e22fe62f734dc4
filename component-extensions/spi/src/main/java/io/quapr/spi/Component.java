package io.quapr.spi;

import io.smallrye.mutiny.Uni;

/**
 * What every component has, whatever its building block: a life cycle.
 *
 * <p>
 * The sidecar creates one instance per {@code Component} resource, calls {@link #init} once
 * before any other method, and {@link #close} once at shutdown. Methods never block the calling
 * thread: a component whose client is blocking runs it on a worker thread
 * ({@link ComponentContext#executeBlocking}) behind the same {@code Uni} signature.
 */
public interface Component {

    /**
     * Connects and prepares the component (creates tables, checks the server is reachable).
     * Fails with a {@link MetadataException} for bad metadata, or any exception for a backend
     * that cannot be used; the sidecar reports either with the resource's file and name.
     *
     * @param metadata the resource's {@code spec.metadata}, bound against this component's
     *        {@code metadata.yaml} (defaults applied, required keys present)
     * @param context the shared Vert.x instance, the clock and the sidecar's identity
     */
    Uni<Void> init(ComponentMetadata metadata, ComponentContext context);

    /** Releases connections and timers. Called once; the instance is not used afterwards. */
    default Uni<Void> close() {
        return Uni.createFrom().voidItem();
    }
}
