package io.quapr.workflow;

/** Purge (or another terminal-only operation) was asked for an instance that has not finished (gRPC FAILED_PRECONDITION). */
public class InstanceStillRunningException extends WorkflowException {

    /** The failure for {@code instanceId}. */
    public InstanceStillRunningException(String instanceId) {
        super("workflow instance '" + instanceId + "' has not reached a terminal state");
    }
}
