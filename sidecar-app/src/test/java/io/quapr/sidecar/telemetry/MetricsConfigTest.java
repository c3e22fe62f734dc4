package io.quapr.sidecar.telemetry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * {@code spec.metrics.http.pathMatching} labels HTTP metrics with the matching pattern;
 * {@code recordErrorCodes} counts {@code dapr_error_code_total} by code and category, for both
 * APIs.
 */
@QuarkusTest
@TestProfile(MetricsConfigTest.Profile.class)
class MetricsConfigTest {

    public static class Profile extends ConfigFileProfile {
        public Profile() {
            super("metrics-config.yaml");
        }
    }

    @Inject
    MetricsServer server;

    @Test
    void pathPatternsLabelTheRequestsAndErrorCodesAreCounted() {
        given().get("/v1.0/state/statestore/some-key").then().statusCode(204);
        given().get("/v1.0/state/nosuchstore/other-key").then().statusCode(400);
        given().get("/v1.0/metadata").then().statusCode(200);

        Scrape s = Scrape.of(server.port());
        assertTrue(s.value("dapr_http_server_request_count", "method=\"GET\"",
                "path=\"/v1.0/state/{storeName}/{key}\"", "status=\"204\"") >= 1);
        assertTrue(s.value("dapr_http_server_request_count", "method=\"GET\"",
                "path=\"/v1.0/state/{storeName}/{key}\"", "status=\"400\"") >= 1);
        // not matched: an empty path label, as daprd
        assertTrue(s.value("dapr_http_server_request_count", "method=\"GET\"", "path=\"\"", "status=\"200\"") >= 1);
        assertFalse(s.text().contains("some-key"));
        assertTrue(s.value("dapr_error_code_total", "app_id=\"testapp\"", "error_code=\"ERR_STATE_STORE_NOT_FOUND\"",
                "category=\"state\"") >= 1);
    }
}
