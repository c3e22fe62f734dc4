package io.quapr.workflow;

import java.time.Duration;

/**
 * What the engine reports as it works, for metrics: client operations, runs of workflows that end
 * or fail, activities handed out and finished, and how late workflows start. Every method does
 * nothing by default.
 *
 * <p>
 * The engine calls these on its own threads, often inside backend callbacks: an implementation
 * must be quick, must not block and must not throw.
 */
public interface WorkflowObserver {

    /** An observer that ignores everything. */
    WorkflowObserver NONE = new WorkflowObserver() {
    };

    /** A client operation the engine counts (as daprd counts its workflow backend's calls). */
    enum Operation {
        /** Starting an instance. */
        CREATE_WORKFLOW,
        /** Adding an event to an instance: raise event, terminate, suspend, resume. */
        ADD_EVENT,
        /** Purging an instance, asked for by a client or by the retention policy. */
        PURGE_WORKFLOW
    }

    /** How a workflow run or an activity ended. */
    enum Outcome {
        /** The workflow completed, or the activity returned a result. */
        SUCCESS,
        /** The workflow failed or was terminated, or the activity threw. */
        FAILED,
        /**
         * Nothing was committed and the work is handed out again: abandoned, its worker gone, its
         * lease expired, or its result could not be applied or stored.
         */
        RECOVERABLE
    }

    /**
     * A client operation finished.
     *
     * @param operation which one
     * @param success whether the backend did it
     * @param elapsed how long the backend took
     */
    default void operation(Operation operation, boolean success, Duration elapsed) {
    }

    /**
     * A workflow run ended in a way worth counting: the workflow finished ({@code SUCCESS} or
     * {@code FAILED}), or the run was not committed ({@code RECOVERABLE}). Runs that leave the
     * workflow running are not reported.
     *
     * @param workflowName the workflow's name
     * @param outcome how it ended
     * @param sinceFirstRun for a finished workflow, the time since its first run started (of this
     *        execution); {@link Duration#ZERO} otherwise
     */
    default void workflowRun(String workflowName, Outcome outcome, Duration sinceFirstRun) {
    }

    /**
     * A workflow's first run was handed out (to a worker, or run by the engine itself).
     *
     * @param workflowName the workflow's name
     * @param latency the time from when it was due (its scheduled start, else its creation) to now
     */
    default void workflowScheduled(String workflowName, Duration latency) {
    }

    /**
     * An activity was handed to a worker, or could not be.
     *
     * @param activityName the activity's name
     * @param delivered whether the worker took it ({@code false}: its stream failed, the activity
     *        is handed out again)
     * @param waited how long it waited for a worker with room
     */
    default void activityDispatched(String activityName, boolean delivered, Duration waited) {
    }

    /**
     * An activity handed to a worker ended.
     *
     * @param activityName the activity's name
     * @param outcome its result was stored ({@code SUCCESS}, {@code FAILED}), or it is handed out
     *        again ({@code RECOVERABLE})
     * @param elapsed the time from hand-out to its end
     */
    default void activityRun(String activityName, Outcome outcome, Duration elapsed) {
    }
}
