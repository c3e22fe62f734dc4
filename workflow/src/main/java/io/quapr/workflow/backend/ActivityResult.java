package io.quapr.workflow.backend;

import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;

/**
 * An activity's outcome, to be committed.
 *
 * @param item the activity
 * @param result its {@code TaskCompleted} or {@code TaskFailed} event
 */
public record ActivityResult(ActivityWorkItem item, HistoryEvent result) {
}
