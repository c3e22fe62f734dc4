package io.quapr.sidecar.telemetry;

import io.quapr.workflow.WorkflowObserver;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The workflow engine's reports as daprd's workflow metrics: this maps the engine's events to
 * daprd's label values ({@code create_workflow}, {@code add_event}, {@code purge_workflow};
 * {@code success}, {@code failed}, {@code recoverable}) and records them in {@link DaprMetrics}.
 * A singleton, so that the engine calls it without a client proxy in between.
 */
@Singleton
public class WorkflowMetrics implements WorkflowObserver {

    private static final String SUCCESS = "success";
    private static final String FAILED = "failed";
    private static final String RECOVERABLE = "recoverable";

    @Inject
    DaprMetrics metrics;

    @Override
    public void operation(Operation operation, boolean success, Duration elapsed) {
        String name = switch (operation) {
            case CREATE_WORKFLOW -> "create_workflow";
            case ADD_EVENT -> "add_event";
            case PURGE_WORKFLOW -> "purge_workflow";
        };
        metrics.workflowOperation(name, success ? SUCCESS : FAILED, ms(elapsed));
    }

    @Override
    public void workflowRun(String workflowName, Outcome outcome, Duration sinceFirstRun) {
        metrics.workflowExecution(workflowName, status(outcome), ms(sinceFirstRun));
    }

    @Override
    public void workflowScheduled(String workflowName, Duration latency) {
        metrics.workflowScheduling(workflowName, ms(latency));
    }

    @Override
    public void activityDispatched(String activityName, boolean delivered, Duration waited) {
        // daprd: an activity it could not hand to the worker is retried, so "recoverable"
        metrics.activityOperation(activityName, delivered ? SUCCESS : RECOVERABLE, ms(waited));
    }

    @Override
    public void activityRun(String activityName, Outcome outcome, Duration elapsed) {
        metrics.activityExecution(activityName, status(outcome), ms(elapsed));
    }

    private static String status(Outcome outcome) {
        return switch (outcome) {
            case SUCCESS -> SUCCESS;
            case FAILED -> FAILED;
            case RECOVERABLE -> RECOVERABLE;
        };
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1_000_000.0;
    }
}
