package io.quapr.workflow;

/** An operation named an instance that does not exist (gRPC NOT_FOUND). */
public class InstanceNotFoundException extends WorkflowException {

    /** The failure for {@code instanceId}. */
    public InstanceNotFoundException(String instanceId) {
        super("no workflow instance with ID '" + instanceId + "' was found");
    }
}
