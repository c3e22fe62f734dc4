package io.quapr.sidecar.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * With {@code DAPR_API_TOKEN} set, every HTTP API call needs {@code dapr-api-token}: 401
 * {@code invalid api token} in plain text otherwise, before any route runs (plain Vert.x routes
 * too); the health endpoints are exempt on GET; the header never reaches a route.
 */
@QuarkusTest
@TestProfile(ApiTokenProfile.class)
class ApiTokenHttpTest {

    @Test
    void aCallWithoutTheTokenIs401InDaprdsWords() {
        given().get("/v1.0/metadata").then().statusCode(401)
                .header("Content-Type", "text/plain; charset=utf-8")
                .header("X-Content-Type-Options", "nosniff")
                .body(equalTo("invalid api token\n"));
    }

    @Test
    void aWrongTokenIs401() {
        given().header("dapr-api-token", "t0k3n-for-test").get("/v1.0/metadata").then().statusCode(401);
        given().header("dapr-api-token", ApiTokenProfile.TOKEN + "x").get("/v1.0/metadata").then().statusCode(401);
    }

    @Test
    void theRightTokenPasses() {
        given().header("dapr-api-token", ApiTokenProfile.TOKEN).get("/v1.0/metadata").then().statusCode(200)
                .body("id", equalTo("testapp"));
    }

    @Test
    void aRefusedBodyIsNotReadAndTheConnectionStaysUsable() {
        for (int i = 0; i < 3; i++) {
            given().contentType("application/json").body("{\"k\":\"" + "x".repeat(100_000) + "\"}")
                    .post("/v1.0/publish/pubsub/orders").then().statusCode(401);
        }
        given().header("dapr-api-token", ApiTokenProfile.TOKEN).get("/v1.0/metadata").then().statusCode(200);
    }

    @Test
    void healthChecksNeedNoTokenOnGet() {
        given().get("/v1.0/healthz").then().statusCode(204);
        given().get("/v1.0/healthz/outbound").then().statusCode(204);
        given().get("/v1.0/healthz/").then().statusCode(204);
        given().post("/v1.0/healthz").then().statusCode(401);
    }

    @Test
    void plainVertxRoutesAreCoveredAndNeverSeeTheToken() {
        given().get("/quapr-test/headers").then().statusCode(401);
        given().header("dapr-api-token", ApiTokenProfile.TOKEN).header("x-other", "kept")
                .get("/quapr-test/headers").then().statusCode(200)
                .body("'dapr-api-token'", nullValue())
                .body("'x-other'", equalTo("kept"));
    }

    @Test
    void theTokenIsCheckedBeforeTheApiLists() {
        given().get("/v1.0/state/statestore/k").then().statusCode(401);
    }
}
