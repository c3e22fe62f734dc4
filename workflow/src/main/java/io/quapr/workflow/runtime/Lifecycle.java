package io.quapr.workflow.runtime;

import io.quapr.workflow.proto.OrchestratorService.ExecutionStartedEvent;
import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationState;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationStatus;
import java.time.Instant;
import java.util.List;

/** How the events of a run move an instance's status: started, suspended, resumed. */
public final class Lifecycle {

    private Lifecycle() {
    }

    /**
     * The metadata after the run has seen {@code newEvents}: RUNNING once started (with the start
     * event's name, input and execution id), SUSPENDED and back, last-updated {@code now}.
     */
    public static OrchestrationState applied(OrchestrationState state, List<HistoryEvent> newEvents, Instant now) {
        OrchestrationState.Builder s = state.toBuilder().setLastUpdatedTimestamp(Protos.timestamp(now));
        for (HistoryEvent e : newEvents) {
            if (e.hasExecutionStarted()) {
                ExecutionStartedEvent started = e.getExecutionStarted();
                s.setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING).setName(started.getName());
                if (started.getOrchestrationInstance().hasExecutionId()) {
                    s.setExecutionId(started.getOrchestrationInstance().getExecutionId());
                }
                if (started.hasInput()) {
                    s.setInput(started.getInput());
                } else {
                    s.clearInput();
                }
            } else if (e.hasExecutionSuspended() && !Histories.isTerminal(s.getOrchestrationStatus())) {
                s.setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED);
            } else if (e.hasExecutionResumed()
                    && s.getOrchestrationStatus() == OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED) {
                s.setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING);
            }
        }
        return s.build();
    }

    /** The execution's {@code ExecutionStarted}, from the history or else the new events; {@code null} if none. */
    public static HistoryEvent startEvent(List<HistoryEvent> pastEvents, List<HistoryEvent> newEvents) {
        return Histories.executionStarted(pastEvents)
                .orElseGet(() -> Histories.executionStarted(newEvents).orElse(null));
    }
}
