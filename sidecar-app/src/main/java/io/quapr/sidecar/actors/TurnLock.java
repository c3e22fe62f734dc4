package io.quapr.sidecar.actors;

import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.smallrye.mutiny.Uni;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * One actor's turns: one call at a time, the others queued in arrival order, without a thread
 * waiting (a queued call is a future completed when its turn comes). With reentrancy a call that
 * carries the running turn's reentrancy id enters it at once (one level deeper), as daprd's
 * actor lock lets a call chain come back to an actor it started from.
 */
final class TurnLock {

    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    /** The running turn's reentrancy id (null when none, or reentrancy is off). */
    private String holder;
    /** How deep the running turn is nested; 0 when the lock is free. */
    private int depth;

    private record Waiter(String id, CompletableFuture<Void> granted) {
    }

    /**
     * Waits for the turn. The caller must {@link #release()} once after the item, never after a
     * failure or a cancellation.
     *
     * @param reentrancyId the call's reentrancy id, null when reentrancy is off
     * @param maxStackDepth how deep reentrant calls may nest
     */
    Uni<Void> acquire(String reentrancyId, int maxStackDepth) {
        Waiter w;
        synchronized (this) {
            if (depth == 0) {
                holder = reentrancyId;
                depth = 1;
                return Uni.createFrom().voidItem();
            }
            if (reentrancyId != null && reentrancyId.equals(holder)) {
                if (depth + 1 > maxStackDepth) {
                    return Uni.createFrom().failure(new DaprException(ErrorCode.ACTOR_STACK_DEPTH,
                            "maximum stack depth exceeded"));
                }
                depth++;
                return Uni.createFrom().voidItem();
            }
            w = new Waiter(reentrancyId, new CompletableFuture<>());
            queue.addLast(w);
        }
        return Uni.createFrom().completionStage(w.granted()).onCancellation().invoke(() -> {
            boolean granted;
            synchronized (this) {
                granted = !queue.remove(w);
            }
            if (granted) {
                // the turn came as the caller went away: pass it on
                release();
            }
        });
    }

    /** Ends one level of the running turn; the next queued call gets the turn when it ends. */
    void release() {
        Waiter next;
        synchronized (this) {
            if (depth == 0) {
                return;
            }
            depth--;
            if (depth > 0) {
                return;
            }
            holder = null;
            next = queue.pollFirst();
            if (next == null) {
                return;
            }
            holder = next.id();
            depth = 1;
        }
        // completed outside the monitor: the next turn's work starts on this thread
        next.granted().complete(null);
    }

    /** Whether a turn is running or queued. */
    synchronized boolean busy() {
        return depth > 0 || !queue.isEmpty();
    }
}
