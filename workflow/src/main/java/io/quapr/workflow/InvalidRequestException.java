package io.quapr.workflow;

/** A request the engine cannot carry out as asked (gRPC INVALID_ARGUMENT). */
public class InvalidRequestException extends WorkflowException {

    /** The failure with a message meant for the caller. */
    public InvalidRequestException(String message) {
        super(message);
    }
}
