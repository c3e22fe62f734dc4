package io.quapr.sidecar.api.grpc;

import io.dapr.v1.DaprWorkflowProtos.GetWorkflowResponse;
import io.dapr.v1.DaprWorkflowProtos.StartWorkflowResponse;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.quapr.sidecar.workflow.WorkflowService;
import io.quapr.sidecar.workflow.WorkflowService.WorkflowState;
import io.quapr.workflow.runtime.Protos;

/**
 * The workflow API's answers between {@link WorkflowService}'s types and daprd's proto shapes,
 * and the two places where daprd's gRPC API differs from its HTTP API: it reads no
 * {@code workflow_component}, and it answers a get of a missing instance with an (almost) empty
 * response instead of an error.
 */
final class WorkflowProtoMapper {

    /**
     * The component every gRPC workflow call names: daprd's gRPC handlers never look at the
     * request's {@code workflow_component}, so any value (or none) reaches its one engine.
     */
    static final String COMPONENT = WorkflowService.COMPONENT;

    private WorkflowProtoMapper() {
    }

    static StartWorkflowResponse startResponse(String instanceId) {
        return StartWorkflowResponse.newBuilder().setInstanceId(instanceId).build();
    }

    static GetWorkflowResponse getResponse(WorkflowState s) {
        return GetWorkflowResponse.newBuilder().setInstanceId(s.instanceId()).setWorkflowName(s.workflowName())
                .setCreatedAt(Protos.timestamp(s.createdAt())).setLastUpdatedAt(Protos.timestamp(s.lastUpdatedAt()))
                .setRuntimeStatus(s.runtimeStatus()).putAllProperties(s.properties()).build();
    }

    /** Whether a get failed only because there is no such instance. */
    static boolean isMissing(Throwable failure) {
        return failure instanceof DaprException e && e.code() == ErrorCode.WORKFLOW_INSTANCE_NOT_FOUND;
    }

    /**
     * daprd's gRPC answer for a missing instance: no error, only the instance id set (its HTTP API
     * turns this very answer into a 404).
     */
    static GetWorkflowResponse missing(String instanceId) {
        return GetWorkflowResponse.newBuilder().setInstanceId(instanceId).build();
    }
}
