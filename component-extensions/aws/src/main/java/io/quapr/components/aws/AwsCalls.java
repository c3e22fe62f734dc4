package io.quapr.components.aws;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** Turns the SDK's async calls into {@code Uni}s the way every AWS component needs them. */
public final class AwsCalls {

    private AwsCalls() {
    }

    /**
     * Runs an SDK call when subscribed and delivers its outcome on the subscriber's Vert.x
     * context, if it has one: the SDK completes in a raw Netty callback, outside any Vert.x
     * context, on whichever event loop owns the connection. Failures arrive unwrapped
     * ({@link #unwrap}).
     */
    public static <T> Uni<T> call(Supplier<CompletableFuture<T>> request) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            Uni<T> response = Uni.createFrom().completionStage(request)
                    .onFailure().transform(AwsCalls::unwrap);
            return caller == null ? response : response.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        });
    }

    /** The SDK's exception inside the {@link CompletionException}s that wrap it. */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
