package io.quapr.sidecar.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.StringValue;
import io.quapr.sidecar.workflow.WorkflowRuntime;
import io.quapr.workflow.WorkItemSink;
import io.quapr.workflow.WorkerConnection;
import io.quapr.workflow.proto.OrchestratorService.CompleteOrchestrationAction;
import io.quapr.workflow.proto.OrchestratorService.GetWorkItemsRequest;
import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationStatus;
import io.quapr.workflow.proto.OrchestratorService.OrchestratorAction;
import io.quapr.workflow.proto.OrchestratorService.OrchestratorRequest;
import io.quapr.workflow.proto.OrchestratorService.OrchestratorResponse;
import io.quapr.workflow.proto.OrchestratorService.TaskFailureDetails;
import io.quapr.workflow.proto.OrchestratorService.WorkItem;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The workflow API over HTTP against the engine (in memory: the test resources mark no actor
 * state store), with a small worker connected to the engine bean: {@code approval} waits for an
 * {@code approve} event and completes with its data ("waiting" as custom status until then);
 * {@code failing} fails at once.
 */
@QuarkusTest
class WorkflowHttpTest {

    private static final String BASE = "/v1.0/workflows/dapr";

    @Inject
    WorkflowRuntime runtime;

    private final ExecutorService answers = Executors.newSingleThreadExecutor();
    private WorkerConnection worker;

    @BeforeEach
    void connectWorker() {
        worker = runtime.engine().connectWorker(GetWorkItemsRequest.getDefaultInstance(), new WorkItemSink() {
            @Override
            public void send(WorkItem item) {
                // answered on another thread: send must not block the engine
                if (item.hasOrchestratorRequest()) {
                    answers.execute(() -> runtime.engine()
                            .completeOrchestratorTask(orchestrate(item.getOrchestratorRequest())
                                    .setCompletionToken(item.getCompletionToken()).build()));
                }
            }
        });
    }

    @AfterEach
    void disconnectWorker() {
        worker.close();
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
                            .setErrorMessage("out of stock"))));
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

    @Test
    void startGetPauseResumeRaiseCompletes() {
        given().body("{\"amount\":5}").post(BASE + "/approval/start?instanceID=order-1").then().statusCode(202)
                .body("instanceID", equalTo("order-1"));

        JsonPath running = awaitState("order-1", "RUNNING", "waiting");
        assertEquals("order-1", running.getString("instanceID"));
        assertEquals("approval", running.getString("workflowName"));
        assertEquals("{\"amount\":5}", running.getString("properties.'dapr.workflow.input'"));
        assertFalse(running.getMap("properties").containsKey("dapr.workflow.output"));
        Instant created = Instant.parse(running.getString("createdAt"));
        assertTrue(Duration.between(created, Instant.now()).abs().toMinutes() < 1, created::toString);

        given().post(BASE + "/order-1/pause").then().statusCode(202).body(emptyString());
        awaitState("order-1", "SUSPENDED", "waiting");
        given().post(BASE + "/order-1/resume").then().statusCode(202).body(emptyString());
        awaitState("order-1", "RUNNING", "waiting");

        given().body("\"yes\"").post(BASE + "/order-1/raiseEvent/approve").then().statusCode(202)
                .body(emptyString());
        JsonPath done = awaitState("order-1", "COMPLETED", "approved");
        assertEquals("\"yes\"", done.getString("properties.'dapr.workflow.output'"));
        assertFalse(Instant.parse(done.getString("lastUpdatedAt")).isBefore(created));
    }

    @Test
    void betaAliasTerminateThenPurgeThenGone() {
        String beta = "/v1.0-beta1/workflows/dapr";
        given().post(beta + "/approval/start?instanceID=order-2").then().statusCode(202)
                .body("instanceID", equalTo("order-2"));
        awaitState("order-2", "RUNNING", "waiting");
        // a running instance cannot be purged: daprd's ERR_PURGE_WORKFLOW with the engine's reason
        given().post(beta + "/order-2/purge").then().statusCode(500).body("errorCode", equalTo("ERR_PURGE_WORKFLOW"))
                .body("message", matchesPattern("error purging workflow order-2: .+"));

        given().post(beta + "/order-2/terminate").then().statusCode(202);
        JsonPath terminated = awaitState("order-2", "TERMINATED", null);
        assertFalse(terminated.getMap("properties").containsKey("dapr.workflow.input"));

        given().post(beta + "/order-2/purge").then().statusCode(202);
        given().get(beta + "/order-2").then().statusCode(404).body("errorCode", equalTo("ERR_INSTANCE_ID_NOT_FOUND"))
                .body("message", equalTo("unable to find workflow with the provided instance ID: order-2"));
    }

    @Test
    void failureDetailsAreProperties() {
        given().post(BASE + "/failing/start?instanceID=order-3").then().statusCode(202);
        JsonPath failed = awaitState("order-3", "FAILED", "");
        assertEquals("java.lang.IllegalStateException",
                failed.getString("properties.'dapr.workflow.failure.error_type'"));
        assertEquals("out of stock", failed.getString("properties.'dapr.workflow.failure.error_message'"));
    }

    @Test
    void startWithoutIdMakesOne() {
        String id = given().post(BASE + "/approval/start").then().statusCode(202).extract().path("instanceID");
        assertTrue(id.matches("[0-9a-f-]{36}"), id);
        awaitState(id, "RUNNING", "waiting");
        given().post(BASE + "/" + id + "/terminate").then().statusCode(202);
    }

    @Test
    void startingARunningIdAgainIsErrStartWorkflow() {
        given().post(BASE + "/approval/start?instanceID=order-4").then().statusCode(202);
        given().post(BASE + "/approval/start?instanceID=order-4").then().statusCode(500)
                .body("errorCode", equalTo("ERR_START_WORKFLOW"))
                .body("message", equalTo("error starting workflow 'approval': an active workflow with ID 'order-4'"
                        + " already exists"));
        given().post(BASE + "/order-4/terminate").then().statusCode(202);
    }

    @Test
    void daprdsInputErrors() {
        given().queryParam("instanceID", "no spaces").post(BASE + "/approval/start").then().statusCode(400)
                .body("errorCode", equalTo("ERR_INSTANCE_ID_INVALID")).body("message", equalTo(
                        "workflow instance ID 'no spaces' is invalid: only alphanumeric and underscore characters are"
                                + " allowed"));
        given().post(BASE + "/approval/start?instanceID=" + "x".repeat(65)).then().statusCode(400)
                .body("errorCode", equalTo("ERR_INSTANCE_ID_TOO_LONG"))
                .body("message", equalTo("workflow instance ID exceeds the max length of 64 characters"));
        given().post("/v1.0/workflows/other/approval/start").then().statusCode(400)
                .body("errorCode", equalTo("ERR_WORKFLOW_COMPONENT_NOT_FOUND"))
                .body("message", equalTo("workflow component 'other' does not exist"));
        given().get(BASE + "/nobody").then().statusCode(404).body("errorCode", equalTo("ERR_INSTANCE_ID_NOT_FOUND"));
        given().post(BASE + "/nobody/terminate").then().statusCode(404)
                .body("errorCode", equalTo("ERR_INSTANCE_ID_NOT_FOUND"));
        given().post(BASE + "/nobody/raiseEvent/approve").then().statusCode(404)
                .body("errorCode", equalTo("ERR_INSTANCE_ID_NOT_FOUND"));
        given().post(BASE + "/nobody/purge").then().statusCode(404)
                .body("errorCode", equalTo("ERR_INSTANCE_ID_NOT_FOUND"));
    }

    /** Polls GET until the instance has this status and custom status (null: any), 10 s at most. */
    private static JsonPath awaitState(String id, String status, String customStatus) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonPath last = null;
        while (System.nanoTime() < deadline) {
            var response = given().get(BASE + "/" + id).then().extract();
            if (response.statusCode() == 200) {
                last = response.jsonPath();
                if (status.equals(last.getString("runtimeStatus"))
                        && (customStatus == null
                                || customStatus.equals(last.getString("properties.'dapr.workflow.custom_status'")))) {
                    return last;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError(id + " never reached " + status + "/" + customStatus + "; last: "
                + (last == null ? "none" : last.prettify()));
    }
}
