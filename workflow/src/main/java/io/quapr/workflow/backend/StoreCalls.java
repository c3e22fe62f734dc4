package io.quapr.workflow.backend;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.CompletableFuture;

/**
 * A store call's {@link Uni} as a plain {@link CompletableFuture}.
 *
 * <p>
 * Not {@code Uni.subscribeAsCompletionStage()}: inside the sidecar, context propagation turns
 * that into a future which captures every thread context again for each stage chained on it, and
 * the backend chains several per store call. The engine's work belongs to no request, so there
 * is no context to carry; in the workflow benchmark that capture was the hottest method.
 */
final class StoreCalls {

    private StoreCalls() {
    }

    static <T> CompletableFuture<T> stage(Uni<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        call.subscribe().with(result::complete, result::completeExceptionally);
        return result;
    }
}
