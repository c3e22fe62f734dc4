package io.quapr.workflow.backend;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/** A FIFO of pending work with one waiting taker, so that nobody polls. */
final class TaskQueue<T> {

    private final ArrayDeque<T> items = new ArrayDeque<>();
    private CompletableFuture<T> waiter;

    /** Adds an item, or hands it straight to the waiting taker. */
    void offer(T item) {
        CompletableFuture<T> handOff;
        synchronized (this) {
            if (waiter == null) {
                items.add(item);
                return;
            }
            handOff = waiter;
            waiter = null;
        }
        handOff.complete(item);
    }

    /** The next item; completes when there is one. One call at a time. */
    synchronized CompletableFuture<T> take() {
        T item = items.poll();
        if (item != null) {
            return CompletableFuture.completedFuture(item);
        }
        if (waiter != null && !waiter.isDone()) {
            throw new IllegalStateException("only one take() may be outstanding");
        }
        waiter = new CompletableFuture<>();
        return waiter;
    }

    /** Fails the outstanding take, if any. */
    void close() {
        CompletableFuture<T> w;
        synchronized (this) {
            w = waiter;
            waiter = null;
        }
        if (w != null) {
            w.completeExceptionally(new IllegalStateException("workflow backend closed"));
        }
    }
}
