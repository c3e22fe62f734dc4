package io.quapr.sidecar.telemetry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** {@code spec.metrics.enabled: false}: no metrics endpoint, nothing recorded, the API unaffected. */
@QuarkusTest
@TestProfile(MetricsDisabledTest.Profile.class)
class MetricsDisabledTest {

    public static class Profile extends ConfigFileProfile {
        public Profile() {
            super("metrics-off.yaml");
        }
    }

    @Inject
    MetricsServer server;

    @Inject
    DaprMetrics metrics;

    @Test
    void noEndpointAndNoSeries() {
        given().get("/v1.0/state/statestore/k").then().statusCode(204);
        assertEquals(-1, server.port());
        assertFalse(metrics.enabled());
        assertEquals(0, metrics.seriesCount());
    }
}
