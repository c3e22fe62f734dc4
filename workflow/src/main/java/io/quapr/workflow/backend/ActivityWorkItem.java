package io.quapr.workflow.backend;

import io.quapr.workflow.proto.OrchestratorService.ActivityRequest;

/**
 * One activity to run, as scheduled by an orchestration and kept in the backend until its result
 * comes back. Delivered at least once: abandoning it (or a lost worker) hands it out again.
 *
 * @param request the request as the worker receives it
 */
public record ActivityWorkItem(ActivityRequest request) {

    /** The instance that scheduled it. */
    public String instanceId() {
        return request.getOrchestrationInstance().getInstanceId();
    }

    /** The execution that scheduled it; the result is dropped if the instance has moved on. */
    public String executionId() {
        return request.getOrchestrationInstance().getExecutionId().getValue();
    }

    /** A key unique among the backend's activities: instance, execution and task id. */
    public String key() {
        return key(instanceId(), executionId(), request.getTaskId());
    }

    /** The key of an activity. */
    public static String key(String instanceId, String executionId, int taskId) {
        return instanceId + "|" + executionId + "|" + taskId;
    }
}
