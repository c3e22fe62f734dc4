package io.quapr.sidecar.actors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Without a state store marked {@code actorStateStore}, every actor call is daprd's ERR_ACTOR_RUNTIME_NOT_FOUND. */
@QuarkusTest
class ActorsDisabledTest {

    @Test
    void actorCallsAnswerRuntimeNotFound() {
        given().put("/v1.0/actors/A/1/method/m").then().statusCode(500)
                .body("errorCode", equalTo("ERR_ACTOR_RUNTIME_NOT_FOUND"))
                .body("message", startsWith("the state store is not configured to use the actor runtime."));
        given().get("/v1.0/actors/A/1/state/k").then().statusCode(500)
                .body("errorCode", equalTo("ERR_ACTOR_RUNTIME_NOT_FOUND"));
        given().contentType("application/json").body("{\"dueTime\":\"1s\"}").post("/v1.0/actors/A/1/reminders/r")
                .then().statusCode(500).body("errorCode", equalTo("ERR_ACTOR_RUNTIME_NOT_FOUND"));
        given().get("/v1.0/metadata").then().statusCode(200).body("actorRuntime.runtimeStatus", equalTo("DISABLED"));
    }
}
