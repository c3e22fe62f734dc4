package io.quapr.workflow;

/** The base of the engine's own failures; the sidecar maps each subclass to a gRPC status. */
public class WorkflowException extends RuntimeException {

    /** A failure with a message meant for the caller. */
    public WorkflowException(String message) {
        super(message);
    }

    /** A failure with a message and its cause. */
    public WorkflowException(String message, Throwable cause) {
        super(message, cause);
    }
}
