package io.quapr.sidecar.testing;

import com.google.protobuf.StringValue;
import io.quapr.workflow.WorkItemSink;
import io.quapr.workflow.WorkerConnection;
import io.quapr.workflow.WorkflowEngine;
import io.quapr.workflow.proto.OrchestratorService.CompleteOrchestrationAction;
import io.quapr.workflow.proto.OrchestratorService.GetWorkItemsRequest;
import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationStatus;
import io.quapr.workflow.proto.OrchestratorService.OrchestratorAction;
import io.quapr.workflow.proto.OrchestratorService.OrchestratorRequest;
import io.quapr.workflow.proto.OrchestratorService.OrchestratorResponse;
import io.quapr.workflow.proto.OrchestratorService.TaskFailureDetails;
import io.quapr.workflow.proto.OrchestratorService.WorkItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small worker connected straight to the sidecar's engine, for the workflow API tests.
 * {@code approval} waits for an {@code approve} event and completes with its data ("waiting" as
 * custom status until then, "approved" after); {@code failing} fails at once with an
 * {@code IllegalStateException}, "out of stock".
 */
public final class TestWorkflowWorker implements AutoCloseable {

    private final ExecutorService answers = Executors.newSingleThreadExecutor();
    private final WorkerConnection connection;

    private TestWorkflowWorker(WorkflowEngine engine) {
        connection = engine.connectWorker(GetWorkItemsRequest.getDefaultInstance(), new WorkItemSink() {
            @Override
            public void send(WorkItem item) {
                // answered on another thread: send must not block the engine
                if (item.hasOrchestratorRequest()) {
                    answers.execute(() -> engine.completeOrchestratorTask(orchestrate(item.getOrchestratorRequest())
                            .setCompletionToken(item.getCompletionToken()).build()));
                }
            }
        });
    }

    /** Connects a worker to {@code engine}; close it to disconnect. */
    public static TestWorkflowWorker connect(WorkflowEngine engine) {
        return new TestWorkflowWorker(engine);
    }

    /** Disconnects from the engine and stops answering. */
    @Override
    public void close() {
        connection.close();
        answers.shutdownNow();
    }

    /** The two test workflows, decided from the whole history as a durabletask SDK replays it. */
    private static OrchestratorResponse.Builder orchestrate(OrchestratorRequest request) {
        List<HistoryEvent> history = new ArrayList<>(request.getPastEventsList());
        history.addAll(request.getNewEventsList());
        String name = history.stream().filter(HistoryEvent::hasExecutionStarted).findFirst()
                .map(e -> e.getExecutionStarted().getName()).orElse("");
        OrchestratorResponse.Builder response = OrchestratorResponse.newBuilder()
                .setInstanceId(request.getInstanceId());
        if (name.equals("failing")) {
            return response.addActions(complete(CompleteOrchestrationAction.newBuilder()
                    .setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_FAILED)
                    .setFailureDetails(TaskFailureDetails.newBuilder().setErrorType("java.lang.IllegalStateException")
                            .setErrorMessage("out of stock")
                            .setStackTrace(StringValue.of("at Shop.buy(Shop.java:7)")))));
        }
        Optional<HistoryEvent> approve = history.stream()
                .filter(e -> e.hasEventRaised() && e.getEventRaised().getName().equals("approve")).findFirst();
        if (approve.isEmpty()) {
            return response.setCustomStatus(StringValue.of("waiting"));
        }
        return response.setCustomStatus(StringValue.of("approved"))
                .addActions(complete(CompleteOrchestrationAction.newBuilder()
                        .setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED)
                        .setResult(approve.get().getEventRaised().getInput())));
    }

    private static OrchestratorAction complete(CompleteOrchestrationAction.Builder action) {
        return OrchestratorAction.newBuilder().setId(0).setCompleteOrchestration(action).build();
    }
}
