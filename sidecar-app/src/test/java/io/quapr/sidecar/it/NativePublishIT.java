package io.quapr.sidecar.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

/** Publishing through the packaged sidecar: plain data wrapped in a CloudEvent, and a CloudEvent as sent. */
@QuarkusIntegrationTest
class NativePublishIT {

    @Test
    void jsonDataIsAccepted() {
        given().contentType("application/json").body("{\"order\":1}").post("/v1.0/publish/pubsub/orders").then()
                .statusCode(204);
    }

    @Test
    void cloudEventIsAccepted() {
        given().contentType("application/cloudevents+json")
                .body("{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"nit\",\"type\":\"t\",\"data\":\"x\"}")
                .post("/v1.0/publish/pubsub/orders").then().statusCode(204);
    }

    @Test
    void unknownBrokerIsDaprsError() {
        given().contentType("application/json").body("{}").post("/v1.0/publish/nobroker/orders").then()
                .statusCode(404).body("errorCode", equalTo("ERR_PUBSUB_NOT_FOUND"));
    }
}
