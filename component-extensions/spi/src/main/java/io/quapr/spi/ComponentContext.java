package io.quapr.spi;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/**
 * What the sidecar lends a component: nothing here is owned by the component, so it closes none
 * of it.
 *
 * @param vertx the sidecar's one Vert.x instance; clients built on it share its event loops
 * @param clock the time source for anything the component computes itself (TTL expiry): tests
 *        pass a clock they move, so no test sleeps
 * @param appId the app id of the sidecar ({@code --app-id}); may be empty
 * @param namespace the namespace ({@code NAMESPACE} env var), empty outside Kubernetes
 * @param dataDir a folder where embedded components keep files ({@code ~/.quapr/data})
 * @param sidecarRetries whether the sidecar retries this component's operations under a
 *        Resiliency policy ({@code components.<name>.outbound} or a default retry policy): the
 *        component's client must then not retry on its own, so that retry layers never multiply
 */
public record ComponentContext(Vertx vertx, Clock clock, String appId, String namespace, Path dataDir,
        boolean sidecarRetries) {

    /** A context in which the sidecar does not retry: the component's client may. */
    public ComponentContext(Vertx vertx, Clock clock, String appId, String namespace, Path dataDir) {
        this(vertx, clock, appId, namespace, dataDir, false);
    }

    /**
     * This context for a component whose operations the sidecar does (or does not) retry.
     *
     * @param retries whether a Resiliency retry policy applies to the component's operations
     */
    public ComponentContext withSidecarRetries(boolean retries) {
        return retries == sidecarRetries
                ? this
                : new ComponentContext(vertx, clock, appId, namespace, dataDir, retries);
    }

    /**
     * Runs blocking work (JDBC, a synchronous SDK client) on a Vert.x worker thread, never on
     * the event loop, unordered so that calls on one component run in parallel.
     */
    public <T> Uni<T> executeBlocking(Callable<T> work) {
        return Uni.createFrom().completionStage(() -> vertx.executeBlocking(work, false).toCompletionStage());
    }
}
