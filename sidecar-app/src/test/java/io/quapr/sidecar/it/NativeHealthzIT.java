package io.quapr.sidecar.it;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * The packaged sidecar (native executable under {@code -Pnative}, else the jar) is healthy once every
 * component of {@code src/test/resources/native-it} has loaded: each read its {@code metadata.yaml}.
 */
@QuarkusIntegrationTest
class NativeHealthzIT {

    @Test
    void healthyOnceComponentsAreLoaded() {
        given().get("/v1.0/healthz").then().statusCode(204);
        given().get("/v1.0/healthz/outbound").then().statusCode(204);
    }
}
