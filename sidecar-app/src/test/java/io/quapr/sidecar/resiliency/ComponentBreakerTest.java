package io.quapr.sidecar.resiliency;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.sidecar.telemetry.MetricsServer;
import io.quapr.sidecar.telemetry.Scrape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A component outbound circuit breaker around a real Redis state store: when Redis goes away
 * (its proxy is closed) the failures trip the breaker ({@code consecutiveFailures >= 4}, with
 * one retry per call), calls then fail fast without touching Redis and the sidecar stays
 * healthy; once Redis is back and the breaker's 5s timeout has passed, a trial call closes it.
 * daprd's resiliency metrics count each call's policies, each retry and each breaker change, and
 * the {@code dapr_resiliency_cb_state} gauge shows the breaker's state.
 */
@QuarkusTest
@WithTestResource(ResiliencyTestResource.class)
class ComponentBreakerTest {

    private static final String[] TARGET = { "app_id=\"testapp\"", "name=\"test-resiliency\"",
            "flow_direction=\"outbound\"", "target=\"Statestore_flakystore\"" };

    @Inject
    MetricsServer metrics;

    private double count(String metric, String policy, String status) {
        String[] labels = Arrays.copyOf(TARGET, TARGET.length + 2);
        labels[TARGET.length] = "policy=\"" + policy + "\"";
        labels[TARGET.length + 1] = "status=\"" + status + "\"";
        Scrape s = Scrape.of(metrics.port());
        return s.series(metric).stream().anyMatch(l -> Arrays.stream(labels).allMatch(l::contains))
                ? s.value(metric, labels)
                : 0;
    }

    @Test
    void breakerOpensFailsFastAndRecovers() {
        String key = "k-" + UUID.randomUUID();
        given().contentType("application/json").body("[{\"key\":\"" + key + "\",\"value\":\"v1\"}]")
                .post("/v1.0/state/flakystore").then().statusCode(204);
        given().get("/v1.0/state/flakystore/" + key).then().statusCode(200).body(containsString("v1"));

        double retries = count("dapr_resiliency_activations_total", "retry", "");
        double opened = count("dapr_resiliency_activations_total", "circuitbreaker", "open");
        double closedCalls = count("dapr_resiliency_count", "circuitbreaker", "closed");
        double retryCalls = count("dapr_resiliency_count", "retry", "");
        assertBreakerState("closed");
        ResiliencyTestResource.proxy.stop();
        try {
            // two calls of two attempts each: the fourth consecutive failure trips the breaker
            for (int i = 0; i < 2; i++) {
                Response r = given().get("/v1.0/state/flakystore/" + key);
                assertEquals(500, r.statusCode());
                assertEquals("ERR_STATE_GET", r.jsonPath().getString("errorCode"));
            }
            long start = System.nanoTime();
            Response open = given().get("/v1.0/state/flakystore/" + key);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(500, open.statusCode());
            assertTrue(open.jsonPath().getString("message").contains("circuit breaker is open"),
                    open.asString());
            assertTrue(millis < 200, "an open breaker answers at once, took " + millis + "ms");
            given().get("/v1.0/healthz").then().statusCode(204);
            // two failed calls retried once each; the fourth failure opened the breaker; the third call
            // found it open; each of the three calls counted its timeout, retry and breaker
            assertEquals(retries + 2, count("dapr_resiliency_activations_total", "retry", ""));
            assertEquals(opened + 1, count("dapr_resiliency_activations_total", "circuitbreaker", "open"));
            assertEquals(closedCalls + 2, count("dapr_resiliency_count", "circuitbreaker", "closed"));
            assertEquals(1, count("dapr_resiliency_count", "circuitbreaker", "open"));
            assertEquals(retryCalls + 3, count("dapr_resiliency_count", "retry", ""));
            assertTrue(count("dapr_resiliency_count", "timeout", "") >= 5);
            assertBreakerState("open");
            given().get("/v1.0/metadata").then().statusCode(200)
                    .body("extended.'quapr.resiliency'", containsString("\"components.flakystore.outbound\":\"open\""));
        } finally {
            ResiliencyTestResource.proxy.start();
        }

        // still open right after Redis returns: no call reaches it before the breaker's timeout
        given().get("/v1.0/state/flakystore/" + key).then().statusCode(500)
                .body("message", containsString("circuit breaker is open"));
        long deadline = System.nanoTime() + 15_000_000_000L;
        Response r;
        do {
            sleep(100);
            r = given().get("/v1.0/state/flakystore/" + key);
        } while (r.statusCode() != 200 && System.nanoTime() < deadline);
        assertEquals(200, r.statusCode(), r.asString());
        assertTrue(r.asString().contains("v1"));
        // the trial call moved it from half-open to closed
        assertEquals(1, count("dapr_resiliency_activations_total", "circuitbreaker", "closed"));
        assertBreakerState("closed");
        given().get("/v1.0/metadata").then().statusCode(200)
                .body("extended.'quapr.resiliency'", containsString("\"components.flakystore.outbound\":\"closed\""));
    }

    /**
     * {@code dapr_resiliency_cb_state} as daprd shows it: a gauge with one series per state, 1 for
     * the breaker's state and 0 for the three others.
     */
    private void assertBreakerState(String state) {
        assertTrue(Scrape.of(metrics.port()).text().contains("# TYPE dapr_resiliency_cb_state gauge\n"));
        for (String s : new String[] { "closed", "half-open", "open", "unknown" }) {
            assertEquals(s.equals(state) ? 1 : 0, count("dapr_resiliency_cb_state", "circuitbreaker", s),
                    "dapr_resiliency_cb_state{status=\"" + s + "\"} while " + state);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
