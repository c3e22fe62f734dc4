package io.quapr.workflow.backend;

import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;

/**
 * An event one orchestration step sends to another instance's inbox: {@code EventRaised},
 * {@code ExecutionTerminated}, a sub-orchestration's {@code ExecutionStarted} (which creates the
 * target), or a sub-orchestration's completion to its parent.
 *
 * @param targetInstanceId the instance whose inbox receives it
 * @param event the event
 */
public record OutgoingMessage(String targetInstanceId, HistoryEvent event) {
}
