package io.quapr.workflow;

/** Starting an instance whose id is taken by an instance that has not finished (gRPC ALREADY_EXISTS). */
public class InstanceAlreadyExistsException extends WorkflowException {

    /** The failure for {@code instanceId}. */
    public InstanceAlreadyExistsException(String instanceId) {
        super("an active workflow with ID '" + instanceId + "' already exists");
    }
}
