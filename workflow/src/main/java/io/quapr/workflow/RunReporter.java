package io.quapr.workflow;

import io.quapr.workflow.WorkflowObserver.Outcome;
import io.quapr.workflow.backend.ActivityWorkItem;
import io.quapr.workflow.backend.OrchestrationStep;
import io.quapr.workflow.backend.OrchestrationWorkItem;
import io.quapr.workflow.proto.OrchestratorService.ExecutionStartedEvent;
import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationStatus;
import io.quapr.workflow.runtime.Histories;
import io.quapr.workflow.runtime.Protos;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Turns what happens to work items into {@link WorkflowObserver} calls, deciding what is worth
 * reporting (daprd's rules: a run is counted when the workflow finishes or the run is lost, not
 * when it merely progresses). Times come from the engine's clock, like the events' timestamps
 * they are measured against.
 */
final class RunReporter {

    private final WorkflowObserver observer;
    private final Clock clock;

    RunReporter(WorkflowObserver observer, Clock clock) {
        this.observer = observer;
        this.clock = clock;
    }

    /** The run of an item starts; the instance's first run reports how late it is. */
    void runStarted(OrchestrationWorkItem item) {
        if (!item.pastEvents().isEmpty()) {
            return;
        }
        for (HistoryEvent e : item.inbox()) {
            if (e.hasExecutionStarted()) {
                ExecutionStartedEvent started = e.getExecutionStarted();
                Instant due = Protos.instant(started.hasScheduledStartTimestamp()
                        ? started.getScheduledStartTimestamp()
                        : e.getTimestamp());
                observer.workflowScheduled(started.getName(), positive(Duration.between(due, clock.instant())));
                return;
            }
        }
    }

    /** A run's step, taken at {@code stepTime}, was committed: reported when it finished the workflow. */
    void committed(OrchestrationWorkItem item, OrchestrationStep step, Instant stepTime) {
        OrchestrationStatus status = step.state().getOrchestrationStatus();
        if (Histories.isTerminal(item.state().getOrchestrationStatus()) || !Histories.isTerminal(status)) {
            // events dropped at a finished instance, or a run that leaves the workflow going
            return;
        }
        Outcome outcome = status == OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED
                ? Outcome.SUCCESS
                : Outcome.FAILED;
        Instant first = firstRunStart(item.pastEvents());
        if (first == null) {
            first = firstRunStart(step.appended());
        }
        Duration since = first == null ? Duration.ZERO : positive(Duration.between(first, stepTime));
        observer.workflowRun(step.state().getName(), outcome, since);
    }

    /** A run was not committed (abandoned, lost, unappliable, not stored): it runs again. */
    void notCommitted(OrchestrationWorkItem item) {
        if (!Histories.isTerminal(item.state().getOrchestrationStatus())) {
            observer.workflowRun(item.state().getName(), Outcome.RECOVERABLE, Duration.ZERO);
        }
    }

    /** An activity was handed to a worker ({@code delivered}) or its stream failed. */
    void activityDispatched(ActivityWorkItem item, boolean delivered, Instant waitingSince) {
        observer.activityDispatched(item.request().getName(), delivered,
                positive(Duration.between(waitingSince, clock.instant())));
    }

    /** An activity handed out at {@code handedOut} ended now. */
    void activityRun(ActivityWorkItem item, Outcome outcome, Instant handedOut) {
        activityRun(item, outcome, handedOut, clock.instant());
    }

    /** An activity handed out at {@code handedOut} ended at {@code endedAt}. */
    void activityRun(ActivityWorkItem item, Outcome outcome, Instant handedOut, Instant endedAt) {
        observer.activityRun(item.request().getName(), outcome, positive(Duration.between(handedOut, endedAt)));
    }

    /** The timestamp of the first {@code OrchestratorStarted}: this execution's first run. */
    private static Instant firstRunStart(List<HistoryEvent> events) {
        for (HistoryEvent e : events) {
            if (e.hasOrchestratorStarted()) {
                return Protos.instant(e.getTimestamp());
            }
        }
        return null;
    }

    /** A clock set back must not report negative times. */
    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
