package io.quapr.workflow;

import io.quapr.workflow.backend.ActivityResult;
import io.quapr.workflow.backend.WorkflowBackend;
import io.quapr.workflow.runtime.TimerScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;

/**
 * Commits the results of one workflow's activities that finish close together in one backend
 * call, so that the workflow runs once for all of them: a fan-out of five no-op activities
 * otherwise ran two or three times, replaying its history in the worker each time, with a store
 * transaction per result.
 *
 * <p>
 * A result waits only while another activity of its instance is held by a worker, and at most
 * the configured window (a sibling may run for hours). It is committed at once when it is the
 * last one running. The worker's completion call is answered after the commit, as before: a
 * result waiting here has not been accepted, so a crash loses nothing (the activity runs again).
 *
 * <p>
 * Thread safety: its own lock, taken after the dispatcher's (the dispatcher submits under its
 * lock so that "is another one running" and joining the batch are one step); backend calls are
 * made outside it.
 */
final class ResultBatcher {

    private static final class Batch {
        final List<ActivityResult> results = new ArrayList<>();
        final List<CompletableFuture<Void>> committed = new ArrayList<>();
        ScheduledFuture<?> deadline;
    }

    private final WorkflowBackend backend;
    private final TimerScheduler scheduler;
    private final Duration window;
    private final Map<String, Batch> open = new HashMap<>();

    ResultBatcher(WorkflowBackend backend, TimerScheduler scheduler, Duration window) {
        this.backend = backend;
        this.scheduler = scheduler;
        this.window = window;
    }

    /** What {@link #add} decided: commit this batch now (outside every lock), or nothing yet. */
    record Ready(String instanceId, Batch batch) {
    }

    /**
     * Adds a result to its instance's batch.
     *
     * @param othersRunning whether a worker still holds another activity of the instance
     * @param committed completed when the result is committed, or failed with the backend's error
     * @return the batch to commit now, or {@code null} when it waits for its siblings
     */
    synchronized Ready add(ActivityResult result, boolean othersRunning, CompletableFuture<Void> committed) {
        String id = result.item().instanceId();
        Batch b = open.get(id);
        if (b == null) {
            b = new Batch();
            if (othersRunning && !window.isZero()) {
                open.put(id, b);
                Batch waiting = b;
                b.deadline = scheduler.after(window, () -> timeUp(id, waiting));
            }
        }
        b.results.add(result);
        b.committed.add(committed);
        if (othersRunning && b.deadline != null) {
            return null;
        }
        if (b.deadline != null) {
            b.deadline.cancel(false);
            open.remove(id, b);
        }
        return new Ready(id, b);
    }

    /** Commits a batch {@link #add} handed back; call it outside every lock. */
    void commit(Ready ready) {
        List<CompletableFuture<Void>> waiting = ready.batch().committed;
        CompletionStage<Void> stage;
        try {
            stage = backend.completeActivityWorkItems(ready.instanceId(), List.copyOf(ready.batch().results));
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((v, error) -> waiting.forEach(f -> {
            if (error == null) {
                f.complete(null);
            } else {
                f.completeExceptionally(error);
            }
        }));
    }

    /** Commits every waiting batch now (the engine stops). */
    void flushAll() {
        List<Ready> all = new ArrayList<>();
        synchronized (this) {
            open.forEach((id, b) -> {
                b.deadline.cancel(false);
                all.add(new Ready(id, b));
            });
            open.clear();
        }
        all.forEach(this::commit);
    }

    private void timeUp(String id, Batch b) {
        synchronized (this) {
            if (!open.remove(id, b)) {
                return;
            }
        }
        commit(new Ready(id, b));
    }
}
