package io.quapr.components.rabbitmq;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;

/**
 * Work hopped onto a Vert.x context: the publisher and each subscription keep their state on one
 * context, so that it needs no locking, and callers on any thread go through here.
 */
final class OnContext {

    private OnContext() {
    }

    /**
     * Runs {@code work} on {@code context} and completes with the future it returns; a
     * {@code RuntimeException} it throws fails the result rather than the event loop.
     *
     * @param context the context that owns the state {@code work} touches
     * @param work starts the work, on the context
     * @return completes as the work's future does
     */
    static <T> Future<T> run(Context context, Supplier<Future<T>> work) {
        Promise<T> result = Promise.promise();
        context.runOnContext(v -> {
            try {
                work.get().onComplete(result);
            } catch (RuntimeException e) {
                result.fail(e);
            }
        });
        return result.future();
    }
}
