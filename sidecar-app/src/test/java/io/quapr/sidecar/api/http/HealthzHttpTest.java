package io.quapr.sidecar.api.http;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Once every component has loaded, both health endpoints answer 204 as daprd's do. */
@QuarkusTest
class HealthzHttpTest {

    @Test
    void healthyOnceComponentsAreLoaded() {
        given().get("/v1.0/healthz").then().statusCode(204);
    }

    @Test
    void outboundHealthyOnceComponentsAreLoaded() {
        given().get("/v1.0/healthz/outbound").then().statusCode(204);
    }
}
