package io.quapr.sidecar.telemetry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.sidecar.testing.app.TestApp;
import io.quapr.sidecar.testing.bindings.BindingsTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Output and input binding calls are counted under daprd's metric names and labels. */
@QuarkusTest
@WithTestResource(BindingsTestResource.class)
class BindingsMetricsTest {

    @Inject
    MetricsServer server;

    @Test
    void outputCallsAreCountedPerOperationAndOutcome() {
        String[] created = { "app_id=\"testapp\"", "component=\"files\"", "operation=\"create\"", "success=\"true\"" };
        String[] failed = { "component=\"files\"", "operation=\"get\"", "success=\"false\"" };
        Scrape before = Scrape.of(server.port());
        double creates = MetricsHttpTest.countOrZero(before, "dapr_component_output_binding_count", created);
        double fails = MetricsHttpTest.countOrZero(before, "dapr_component_output_binding_count", failed);

        given().body("{\"operation\":\"create\",\"data\":1}").post("/v1.0/bindings/files").then().statusCode(200);
        given().body("{\"operation\":\"get\",\"metadata\":{\"fileName\":\"missing-" + UUID.randomUUID() + "\"}}")
                .post("/v1.0/bindings/files").then().statusCode(500);

        Scrape s = Scrape.of(server.port());
        assertEquals(creates + 1, s.value("dapr_component_output_binding_count", created));
        assertEquals(fails + 1, s.value("dapr_component_output_binding_count", failed));
        assertTrue(s.value("dapr_component_output_binding_latencies_count", created) >= 1);
    }

    @Test
    void inputEventsAreCountedPerComponent() {
        String[] tick = { "app_id=\"testapp\"", "component=\"tick\"", "success=\"true\"" };
        TestApp.until(() -> MetricsHttpTest.countOrZero(Scrape.of(server.port()), "dapr_component_input_binding_count",
                tick) >= 1, Duration.ofSeconds(10));
        assertTrue(Scrape.of(server.port()).value("dapr_component_input_binding_latencies_count", tick) >= 1);
    }
}
