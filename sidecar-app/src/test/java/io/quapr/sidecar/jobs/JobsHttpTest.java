package io.quapr.sidecar.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quapr.sidecar.testing.app.TestApp;
import io.quapr.sidecar.testing.app.TestAppResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The jobs API over HTTP with daprd's answers, and the jobs reaching the app at
 * {@code POST /job/<name>} when due, as many times as they repeat, retried by their failure
 * policy.
 */
@QuarkusTest
@WithTestResource(TestAppResource.class)
class JobsHttpTest {

    @Test
    void aJobIsKeptShownAndDeliveredWhenDueThenGone() {
        String name = "once-" + UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        given().contentType("application/json").body("{\"dueTime\": \"1s\", \"data\": {\"id\": \"" + id
                + "\", \"n\": 1}}").post("/v1.0-alpha1/jobs/" + name).then().statusCode(204);
        given().get("/v1.0-alpha1/jobs/" + name).then().statusCode(200).body("name", equalTo(name))
                .body("dueTime", equalTo("1s"))
                .body("data.'@type'", equalTo("type.googleapis.com/google.protobuf.Value"))
                .body("data.value.id", equalTo(id));

        TestApp.Delivery d = TestApp.await(x -> x.path().equals("/job/" + name), Duration.ofSeconds(10));
        assertEquals("{\"id\":\"" + id + "\",\"n\":1}", new String(d.body(), StandardCharsets.UTF_8));
        assertEquals("application/json", d.headers().get("content-type"));
        // its one run done, the job is gone
        TestApp.until(() -> given().get("/v1.0/jobs/" + name).statusCode() == 500, Duration.ofSeconds(5));
        given().get("/v1.0/jobs/" + name).then().statusCode(500).body("errorCode", equalTo("DAPR_SCHEDULER_GET_JOB"))
                .body("message", equalTo("failed to get job due to: job not found: " + name));
    }

    @Test
    void aRepeatingJobRunsItsRepeatsThenEnds() {
        String name = "every-" + UUID.randomUUID();
        given().contentType("application/json").body("{\"schedule\": \"@every 1s\", \"repeats\": 2, \"data\": \"r\"}")
                .post("/v1.0/jobs/" + name).then().statusCode(204);
        TestApp.until(() -> TestApp.deliveries("/job/" + name).size() >= 2, Duration.ofSeconds(10));
        TestApp.until(() -> given().get("/v1.0/jobs/" + name).statusCode() == 500, Duration.ofSeconds(5));
        sleep(1500);
        assertEquals(2, TestApp.deliveries("/job/" + name).size(), "runs of a job with repeats 2");
    }

    @Test
    void aRefusedRunIsRetriedByTheDefaultPolicyAndDroppedByDrop() {
        String retried = "retried-" + UUID.randomUUID();
        given().contentType("application/json").body("{\"dueTime\": \"0s\", \"data\": {\"id\": \""
                + UUID.randomUUID() + "\", \"data\": \"500-then-ok:x\"}}").post("/v1.0/jobs/" + retried).then()
                .statusCode(204);
        String dropped = "dropped-" + UUID.randomUUID();
        given().contentType("application/json").body("{\"dueTime\": \"0s\", \"failurePolicy\": {\"drop\": {}},"
                + " \"data\": {\"id\": \"" + UUID.randomUUID() + "\", \"data\": \"always-500:x\"}}")
                .post("/v1.0/jobs/" + dropped).then().statusCode(204);

        TestApp.until(() -> TestApp.deliveries("/job/" + retried).size() >= 2, Duration.ofSeconds(10));
        TestApp.until(() -> given().get("/v1.0/jobs/" + dropped).statusCode() == 500
                && given().get("/v1.0/jobs/" + retried).statusCode() == 500, Duration.ofSeconds(10));
        sleep(1500);
        assertEquals(2, TestApp.deliveries("/job/" + retried).size(), "a 500, then a retry the app took");
        assertEquals(1, TestApp.deliveries("/job/" + dropped).size(), "drop: no retry");
    }

    @Test
    void badRequestsGetDaprdsAnswers() {
        String name = "bad-" + UUID.randomUUID();
        given().contentType("application/json").body("{\"data\": 1}").post("/v1.0-alpha1/jobs/" + name).then()
                .statusCode(400).body("errorCode", equalTo("DAPR_SCHEDULER_SCHEDULE_EMPTY"))
                .body("message", equalTo("Schedule is empty"));
        given().contentType("application/json").body("{\"name\": \"x\", \"dueTime\": \"1h\"}")
                .post("/v1.0-alpha1/jobs/" + name).then().statusCode(400)
                .body("errorCode", equalTo("DAPR_SCHEDULER_JOB_NAME"))
                .body("message", equalTo("Set the job name in the url only"));
        given().contentType("application/json").body("{\"schedule\": \"every minute\"}")
                .post("/v1.0-alpha1/jobs/" + name).then().statusCode(400)
                .body("errorCode", equalTo("DAPR_SCHEDULER_SCHEDULE_JOB"));
        given().contentType("application/json").body("{\"dueTime\": ").post("/v1.0-alpha1/jobs/" + name).then()
                .statusCode(400).body("errorCode", equalTo("ERR_MALFORMED_REQUEST"));

        given().contentType("application/json").body("{\"dueTime\": \"1h\"}").post("/v1.0/jobs/" + name).then()
                .statusCode(204);
        given().contentType("application/json").body("{\"dueTime\": \"2h\"}").post("/v1.0/jobs/" + name).then()
                .statusCode(409).body("errorCode", equalTo("DAPR_SCHEDULER_SCHEDULE_JOB"));
        given().contentType("application/json").body("{\"dueTime\": \"2h\", \"overwrite\": true}")
                .post("/v1.0/jobs/" + name).then().statusCode(204);
        given().get("/v1.0/jobs/" + name).then().statusCode(200).body("dueTime", equalTo("2h"));
        given().delete("/v1.0/jobs/" + name).then().statusCode(204);
        given().delete("/v1.0/jobs/" + name).then().statusCode(204);
        given().get("/v1.0/jobs/" + name).then().statusCode(500);
        // the sidecar stays healthy
        given().get("/v1.0/healthz").then().statusCode(204);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
