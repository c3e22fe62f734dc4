package io.quapr.sidecar.components;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls in flight on one live component instance, so that a component replaced or removed
 * while the sidecar runs (hot reload) is closed only once the calls it had already taken have
 * finished. {@link ComponentCall} enters and exits around every call.
 */
final class InFlightCalls {

    private final AtomicInteger count = new AtomicInteger();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean retired;

    /**
     * Counts a call in.
     *
     * @return false when the instance was retired and has finished its calls: it may be closed
     *         already, so the call must not start on it
     */
    boolean enter() {
        count.incrementAndGet();
        if (retired && drained.isDone()) {
            exit();
            return false;
        }
        return true;
    }

    /** Counts a call out (whatever its outcome). */
    void exit() {
        if (count.decrementAndGet() == 0 && retired) {
            drained.complete(null);
        }
    }

    /**
     * Takes no more calls into account for closing: the instance is out of {@link Components}.
     *
     * @return completes once no call is in flight any more
     */
    CompletionStage<Void> retire() {
        retired = true;
        if (count.get() == 0) {
            drained.complete(null);
        }
        return drained;
    }

    /** The calls in flight now (for tests and logs). */
    int count() {
        return count.get();
    }
}
