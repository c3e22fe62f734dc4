package io.quapr.workflow.runtime;

import io.quapr.workflow.backend.OrchestrationStep;
import io.quapr.workflow.backend.OrchestrationWorkItem;
import io.quapr.workflow.backend.OutgoingMessage;
import io.quapr.workflow.proto.OrchestratorService.ExecutionCompletedEvent;
import io.quapr.workflow.proto.OrchestratorService.ExecutionTerminatedEvent;
import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationState;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runs the engine does itself, without a worker: dropping events that reach a finished
 * instance, termination (which must work even when no worker runs the workflow any more), and
 * a run that only suspends or resumes (its status changes at once; the worker sees the events in
 * the history on its next replay).
 */
public final class EngineSteps {

    private EngineSteps() {
    }

    /** The step the engine takes itself for this work item, or empty when a worker must run it. */
    public static Optional<OrchestrationStep> withoutWorker(OrchestrationWorkItem item, Instant now) {
        OrchestrationState state = item.state();
        if (Histories.isTerminal(state.getOrchestrationStatus())) {
            return Optional.of(OrchestrationStep.discard(state));
        }
        for (HistoryEvent e : item.inbox()) {
            if (e.hasExecutionTerminated()) {
                return Optional.of(terminated(item, e.getExecutionTerminated(), now));
            }
        }
        if (Lifecycle.startEvent(item.pastEvents(), item.inbox()) == null) {
            // nothing can run without a start event (events that outran a replaced instance)
            return Optional.of(OrchestrationStep.discard(state));
        }
        boolean lifecycleOnly = !item.pastEvents().isEmpty();
        for (HistoryEvent e : item.inbox()) {
            lifecycleOnly &= e.hasExecutionSuspended() || e.hasExecutionResumed();
        }
        if (lifecycleOnly) {
            return Optional.of(new OrchestrationStep(Lifecycle.applied(state, item.inbox(), now), item.inbox(), false,
                    List.of(), List.of(), List.of(), List.of()));
        }
        return Optional.empty();
    }

    /** Termination: the new events, then {@code ExecutionCompleted(TERMINATED)}; parent and (recursive) children told. */
    private static OrchestrationStep terminated(OrchestrationWorkItem item, ExecutionTerminatedEvent terminate,
            Instant now) {
        List<HistoryEvent> appended = new ArrayList<>();
        appended.add(Events.orchestratorStarted(now));
        appended.addAll(item.inbox());
        ExecutionCompletedEvent.Builder completed = ExecutionCompletedEvent.newBuilder()
                .setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED);
        OrchestrationState.Builder state = Lifecycle.applied(item.state(), item.inbox(), now).toBuilder()
                .setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED)
                .setCompletedTimestamp(Protos.timestamp(now)).clearOutput();
        if (terminate.hasInput()) {
            completed.setResult(terminate.getInput());
            state.setOutput(terminate.getInput());
        }
        appended.add(Events.event(-1, now).setExecutionCompleted(completed).build());

        List<OutgoingMessage> messages = new ArrayList<>();
        HistoryEvent start = Lifecycle.startEvent(item.pastEvents(), item.inbox());
        Events.parentNotification(start, OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED, null, null, now)
                .ifPresent(messages::add);
        if (terminate.getRecurse()) {
            List<HistoryEvent> all = new ArrayList<>(item.pastEvents());
            all.addAll(item.inbox());
            for (String child : Histories.runningChildInstanceIds(all)) {
                messages.add(new OutgoingMessage(child, Events.event(-1, now)
                        .setExecutionTerminated(terminate.toBuilder().setRecurse(true)).build()));
            }
        }
        return new OrchestrationStep(state.build(), appended, false, List.of(), List.of(), List.of(), messages);
    }
}
