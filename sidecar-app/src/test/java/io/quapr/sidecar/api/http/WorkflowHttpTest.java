package io.quapr.sidecar.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.sidecar.testing.TestWorkflowWorker;
import io.quapr.sidecar.workflow.WorkflowRuntime;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The workflow API over HTTP against the engine (in memory: the test resources mark no actor
 * state store), with {@link TestWorkflowWorker}'s {@code approval} and {@code failing} workflows.
 */
@QuarkusTest
class WorkflowHttpTest {

    private static final String BASE = "/v1.0/workflows/dapr";

    @Inject
    WorkflowRuntime runtime;

    private TestWorkflowWorker worker;

    @BeforeEach
    void connectWorker() {
        worker = TestWorkflowWorker.connect(runtime.engine());
    }

    @AfterEach
    void disconnectWorker() {
        worker.close();
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
        assertEquals("at Shop.buy(Shop.java:7)", failed.getString("properties.'dapr.workflow.failure.stack_trace'"));
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
        // daprd says not found only for get, terminate and purge
        given().post(BASE + "/nobody/raiseEvent/approve").then().statusCode(500)
                .body("errorCode", equalTo("ERR_RAISE_EVENT_WORKFLOW"))
                .body("message", matchesPattern("error raising event on workflow 'nobody': .+"));
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
