package io.quapr.workflow;

/**
 * A worker completed or abandoned a work item the engine no longer holds for it: its lease ran out
 * (and it was handed to another worker) or the token is unknown (gRPC NOT_FOUND). The result is
 * dropped; the work item's new owner produces it again.
 */
public class WorkItemLostException extends WorkflowException {

    /** The failure with a message naming the token or instance. */
    public WorkItemLostException(String message) {
        super(message);
    }
}
