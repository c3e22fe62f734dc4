package io.quapr.sidecar.pubsub;

import io.smallrye.mutiny.Uni;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * At most {@code max} deliveries of one subscription under way at once; the others wait in
 * arrival order, without blocking a thread. A broker hands messages over as fast as it likes,
 * this keeps the app from being flooded.
 */
final class InFlightLimit {

    private final int max;
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private int running;

    InFlightLimit(int max) {
        this.max = Math.max(1, max);
    }

    /** Runs the work when a slot is free; the slot is released when the work's Uni ends. */
    <T> Uni<T> run(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Runnable start = () -> Uni.createFrom().<T>deferred(work::get).onTermination().invoke(this::release)
                    .subscribe().with(emitter::complete, emitter::fail);
            boolean now;
            synchronized (this) {
                now = running < max;
                if (now) {
                    running++;
                } else {
                    waiting.add(start);
                }
            }
            if (now) {
                start.run();
            }
        });
    }

    /** Hands the slot to the next waiting delivery, or frees it when none waits. */
    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                running--;
            }
        }
        if (next != null) {
            next.run();
        }
    }

    /** Deliveries under way now. */
    synchronized int running() {
        return running;
    }
}
