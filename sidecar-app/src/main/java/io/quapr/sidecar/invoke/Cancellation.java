package io.quapr.sidecar.invoke;

import java.util.ArrayList;
import java.util.List;

/**
 * Lets the side that started an invocation stop it: the caller went away or its deadline passed.
 * Each leg registers how to stop itself (reset its stream); {@link #cancel} runs them once.
 * Used on one event loop, so it needs no locking.
 */
public final class Cancellation {

    private final List<Runnable> actions = new ArrayList<>(2);
    private boolean cancelled;

    /** Runs the action when cancelled (at once when already cancelled). */
    public void onCancel(Runnable action) {
        if (cancelled) {
            action.run();
        } else {
            actions.add(action);
        }
    }

    /** Stops every leg registered so far and any registered later. */
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        actions.forEach(Runnable::run);
        actions.clear();
    }

    /** Whether {@link #cancel} was called. */
    public boolean cancelled() {
        return cancelled;
    }
}
