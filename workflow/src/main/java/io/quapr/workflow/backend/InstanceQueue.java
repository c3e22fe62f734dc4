package io.quapr.workflow.backend;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The runnable instances of a backend and their leases, in memory. An instance is queued at most
 * once, and never while leased: a signal that arrives during a lease marks it to run again when
 * the lease ends, which is what keeps one orchestration off two workers at once.
 */
final class InstanceQueue {

    private enum Mark {
        QUEUED,
        LEASED,
        LEASED_AGAIN
    }

    private final ArrayDeque<String> ready = new ArrayDeque<>();
    private final Map<String, Mark> marks = new HashMap<>();
    private CompletableFuture<String> waiter;

    /** The instance may have work: queue it, or mark it to run again after its lease. */
    void signal(String instanceId) {
        CompletableFuture<String> handOff = null;
        synchronized (this) {
            Mark mark = marks.get(instanceId);
            if (mark == null) {
                if (waiter != null) {
                    handOff = waiter;
                    waiter = null;
                    marks.put(instanceId, Mark.LEASED);
                } else {
                    marks.put(instanceId, Mark.QUEUED);
                    ready.add(instanceId);
                }
            } else if (mark == Mark.LEASED) {
                marks.put(instanceId, Mark.LEASED_AGAIN);
            }
        }
        // completed outside the lock: the waiter's continuation runs on this thread
        if (handOff != null) {
            handOff.complete(instanceId);
        }
    }

    /** The next runnable instance, leased; completes when there is one. One call at a time. */
    synchronized CompletableFuture<String> take() {
        String id = ready.poll();
        if (id != null) {
            marks.put(id, Mark.LEASED);
            return CompletableFuture.completedFuture(id);
        }
        if (waiter != null && !waiter.isDone()) {
            throw new IllegalStateException("only one take() may be outstanding");
        }
        waiter = new CompletableFuture<>();
        return waiter;
    }

    /** Whether the instance is leased now. */
    synchronized boolean leased(String instanceId) {
        Mark mark = marks.get(instanceId);
        return mark == Mark.LEASED || mark == Mark.LEASED_AGAIN;
    }

    /**
     * Ends a lease. The instance is queued again when it was signalled during the lease or when
     * {@code runAgain} says it has work left.
     */
    void release(String instanceId, boolean runAgain) {
        boolean again;
        synchronized (this) {
            Mark mark = marks.remove(instanceId);
            again = runAgain || mark == Mark.LEASED_AGAIN;
        }
        if (again) {
            signal(instanceId);
        }
    }

    /** Forgets an instance that was deleted while queued (a leased one is left to its holder). */
    synchronized void forget(String instanceId) {
        if (marks.get(instanceId) == Mark.QUEUED) {
            marks.remove(instanceId);
            ready.remove(instanceId);
        }
    }

    /** Fails the outstanding take, if any: the backend is closing. */
    void close() {
        CompletableFuture<String> w;
        synchronized (this) {
            w = waiter;
            waiter = null;
        }
        if (w != null) {
            w.completeExceptionally(new IllegalStateException("workflow backend closed"));
        }
    }
}
