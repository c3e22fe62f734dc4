package io.quapr.sidecar.invoke;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;
import java.util.function.Function;

/**
 * Copies a stream into another, converting each item, with back-pressure (the source pauses
 * while the destination's write queue is full). Bodies go through item by item, never whole.
 */
final class Pump {

    private Pump() {
    }

    /**
     * Starts copying; the destination is not ended.
     *
     * @return completes when the source ended, fails when it failed
     */
    static <A, B> Future<Void> pump(ReadStream<A> source, WriteStream<B> destination, Function<A, B> convert) {
        Promise<Void> done = Promise.promise();
        source.exceptionHandler(done::tryFail);
        source.endHandler(v -> done.tryComplete());
        source.handler(item -> {
            destination.write(convert.apply(item));
            if (destination.writeQueueFull()) {
                source.pause();
                destination.drainHandler(v -> source.resume());
            }
        });
        source.resume();
        return done.future();
    }
}
