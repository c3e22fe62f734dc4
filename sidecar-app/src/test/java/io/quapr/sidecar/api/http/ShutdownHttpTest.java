package io.quapr.sidecar.api.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quapr.sidecar.testing.RecordingShutdown;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** {@code POST /v1.0/shutdown} answers 204, then asks for the stop (recorded here). */
@QuarkusTest
class ShutdownHttpTest {

    @Inject
    RecordingShutdown shutdown;

    @Test
    void answers204ThenRequestsTheStop() {
        int before = shutdown.requests();

        given().post("/v1.0/shutdown").then().statusCode(204);

        assertEquals(before + 1, shutdown.requests());
    }
}
