package io.quapr.workflow.backend;

import io.quapr.workflow.proto.OrchestratorService.ActivityRequest;
import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationState;
import java.util.List;

/**
 * What one orchestration run changes, written by the backend in one transaction.
 *
 * @param state the instance's new metadata
 * @param appended events appended to the history (never a rewrite of what is there)
 * @param resetHistory whether the history is dropped first (continue-as-new starts a new one)
 * @param requeued events put back at the head of the instance's own inbox, before anything that
 *        arrived during the run (continue-as-new: the new {@code ExecutionStarted} and the
 *        carry-over events)
 * @param activities activity tasks to schedule
 * @param timers durable timers to create
 * @param messages events for other instances
 */
public record OrchestrationStep(OrchestrationState state, List<HistoryEvent> appended, boolean resetHistory,
        List<HistoryEvent> requeued, List<ActivityRequest> activities, List<DurableTimer> timers,
        List<OutgoingMessage> messages) {

    /** Copies the lists. */
    public OrchestrationStep {
        appended = List.copyOf(appended);
        requeued = List.copyOf(requeued);
        activities = List.copyOf(activities);
        timers = List.copyOf(timers);
        messages = List.copyOf(messages);
    }

    /** A step that only consumes the inbox: events that reach a finished instance are dropped. */
    public static OrchestrationStep discard(OrchestrationState state) {
        return new OrchestrationStep(state, List.of(), false, List.of(), List.of(), List.of(), List.of());
    }
}
