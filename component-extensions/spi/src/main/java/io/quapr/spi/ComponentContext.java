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
 */
public record ComponentContext(Vertx vertx, Clock clock, String appId, String namespace, Path dataDir) {

    /**
     * Runs blocking work (JDBC, a synchronous SDK client) on a Vert.x worker thread, never on
     * the event loop, unordered so that calls on one component run in parallel.
     */
    public <T> Uni<T> executeBlocking(Callable<T> work) {
        return Uni.createFrom().completionStage(() -> vertx.executeBlocking(work, false).toCompletionStage());
    }
}
