package io.quapr.workflow.backend;

import com.google.protobuf.StringValue;
import io.quapr.workflow.proto.OrchestratorService.ExecutionStartedEvent;
import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationState;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationStatus;
import io.quapr.workflow.proto.OrchestratorService.SubOrchestrationInstanceFailedEvent;
import io.quapr.workflow.proto.OrchestratorService.TaskFailureDetails;
import java.util.Optional;

/** The metadata of a new instance, and the refusal a parent gets when its child's id is taken. */
final class InstanceStates {

    private InstanceStates() {
    }

    /** The PENDING metadata of an instance about to run {@code executionStarted}. */
    static OrchestrationState pending(HistoryEvent executionStarted) {
        ExecutionStartedEvent e = executionStarted.getExecutionStarted();
        OrchestrationState.Builder s = OrchestrationState.newBuilder()
                .setInstanceId(e.getOrchestrationInstance().getInstanceId()).setName(e.getName())
                .setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_PENDING)
                .setCreatedTimestamp(executionStarted.getTimestamp())
                .setLastUpdatedTimestamp(executionStarted.getTimestamp()).putAllTags(e.getTagsMap());
        if (e.hasVersion()) {
            s.setVersion(e.getVersion());
        }
        if (e.hasInput()) {
            s.setInput(e.getInput());
        }
        if (e.getOrchestrationInstance().hasExecutionId()) {
            s.setExecutionId(e.getOrchestrationInstance().getExecutionId());
        }
        if (e.hasScheduledStartTimestamp()) {
            s.setScheduledStartTimestamp(e.getScheduledStartTimestamp());
        }
        if (e.hasParentInstance()) {
            s.setParentInstanceId(StringValue.of(e.getParentInstance().getOrchestrationInstance().getInstanceId()));
        }
        return s.build();
    }

    /** The current execution id of an instance. */
    static String executionId(OrchestrationState state) {
        return state.getExecutionId().getValue();
    }

    /**
     * The failure a parent receives when the sub-orchestration it asked for cannot be created
     * because its id belongs to an instance that is still running; empty when there is no parent.
     */
    static Optional<OutgoingMessage> childRefused(HistoryEvent executionStarted) {
        ExecutionStartedEvent e = executionStarted.getExecutionStarted();
        if (!e.hasParentInstance()) {
            return Optional.empty();
        }
        String child = e.getOrchestrationInstance().getInstanceId();
        HistoryEvent failed = HistoryEvent.newBuilder().setEventId(-1).setTimestamp(executionStarted.getTimestamp())
                .setSubOrchestrationInstanceFailed(SubOrchestrationInstanceFailedEvent.newBuilder()
                        .setTaskScheduledId(e.getParentInstance().getTaskScheduledId())
                        .setFailureDetails(TaskFailureDetails.newBuilder().setErrorType("InstanceAlreadyExists")
                                .setErrorMessage("an active workflow with ID '" + child + "' already exists")))
                .build();
        return Optional
                .of(new OutgoingMessage(e.getParentInstance().getOrchestrationInstance().getInstanceId(), failed));
    }
}
