package io.quapr.workflow.runtime;

import com.google.protobuf.StringValue;
import io.quapr.workflow.backend.OutgoingMessage;
import io.quapr.workflow.proto.OrchestratorService.ExecutionStartedEvent;
import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationStatus;
import io.quapr.workflow.proto.OrchestratorService.OrchestratorStartedEvent;
import io.quapr.workflow.proto.OrchestratorService.ParentInstanceInfo;
import io.quapr.workflow.proto.OrchestratorService.SubOrchestrationInstanceCompletedEvent;
import io.quapr.workflow.proto.OrchestratorService.SubOrchestrationInstanceFailedEvent;
import io.quapr.workflow.proto.OrchestratorService.TaskFailureDetails;
import java.time.Instant;
import java.util.Optional;

/** Builders for the history events the engine itself writes. */
public final class Events {

    private Events() {
    }

    /** A history event with an id and a timestamp, for the caller to set the payload. */
    public static HistoryEvent.Builder event(int eventId, Instant now) {
        return HistoryEvent.newBuilder().setEventId(eventId).setTimestamp(Protos.timestamp(now));
    }

    /** The {@code OrchestratorStarted} that opens every run's new events; its time is the run's "now". */
    public static HistoryEvent orchestratorStarted(Instant now) {
        return event(-1, now).setOrchestratorStarted(OrchestratorStartedEvent.getDefaultInstance()).build();
    }

    /**
     * What a sub-orchestration's parent receives when the child ends: {@code Completed} with the
     * result, or {@code Failed} (failure, or termination); empty when there is no parent.
     */
    public static Optional<OutgoingMessage> parentNotification(HistoryEvent start, OrchestrationStatus status,
            StringValue result, TaskFailureDetails failure, Instant now) {
        if (start == null || !start.getExecutionStarted().hasParentInstance()) {
            return Optional.empty();
        }
        ExecutionStartedEvent e = start.getExecutionStarted();
        ParentInstanceInfo parent = e.getParentInstance();
        HistoryEvent.Builder b = event(-1, now);
        if (status == OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED) {
            SubOrchestrationInstanceCompletedEvent.Builder c = SubOrchestrationInstanceCompletedEvent.newBuilder()
                    .setTaskScheduledId(parent.getTaskScheduledId());
            if (result != null) {
                c.setResult(result);
            }
            b.setSubOrchestrationInstanceCompleted(c);
        } else {
            TaskFailureDetails details = failure != null
                    ? failure
                    : TaskFailureDetails.newBuilder().setErrorType(status.name())
                            .setErrorMessage("workflow '" + e.getOrchestrationInstance().getInstanceId() + "' ended "
                                    + status.name().replace("ORCHESTRATION_STATUS_", "").toLowerCase())
                            .build();
            b.setSubOrchestrationInstanceFailed(SubOrchestrationInstanceFailedEvent.newBuilder()
                    .setTaskScheduledId(parent.getTaskScheduledId()).setFailureDetails(details));
        }
        return Optional.of(new OutgoingMessage(parent.getOrchestrationInstance().getInstanceId(), b.build()));
    }
}
