package io.quapr.workflow.backend;

import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationState;
import java.util.List;

/**
 * One run of an orchestration, leased from the backend: the instance's metadata and history, and
 * the inbox events the run consumes. Until it is completed or abandoned no other work item for
 * the same instance is handed out.
 *
 * @param instanceId the instance
 * @param state the metadata as stored when the item was leased
 * @param pastEvents the history, oldest first
 * @param inbox the inbox events the run consumes, in arrival order (the engine puts an
 *        {@code OrchestratorStarted} before them to form the request's {@code newEvents})
 */
public record OrchestrationWorkItem(String instanceId, OrchestrationState state, List<HistoryEvent> pastEvents,
        List<HistoryEvent> inbox) {

    /** Copies the lists. */
    public OrchestrationWorkItem {
        pastEvents = List.copyOf(pastEvents);
        inbox = List.copyOf(inbox);
    }
}
