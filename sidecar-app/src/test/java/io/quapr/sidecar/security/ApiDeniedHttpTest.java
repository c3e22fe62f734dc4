package io.quapr.sidecar.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.hamcrest.Matcher;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * {@code spec.api.denied} on HTTP: daprd does not register a denied route, so a call to it falls
 * to its service invocation fallback, which finds no app id: 404 {@code ERR_DIRECT_INVOKE}.
 * Other APIs and the health endpoints are untouched.
 */
@QuarkusTest
@TestProfile(SecurityConfigProfile.class)
class ApiDeniedHttpTest {

    @Test
    void aDeniedApiIsAnswered404AsDaprdsFallbackAnswersIt() {
        given().get("/v1.0/state/statestore/k").then().statusCode(404)
                .body("errorCode", equalTo("ERR_DIRECT_INVOKE"))
                .body("message", equalTo("failed getting app id either from the URL path or the header dapr-app-id"));
        given().contentType("application/json").body("[{\"key\":\"k\",\"value\":1}]")
                .post("/v1.0/state/statestore").then().statusCode(404);
        given().delete("/v1.0//state/statestore/k/").then().statusCode(404);
    }

    @Test
    void anotherVersionOfTheApiAndOtherApisStayOn() {
        given().contentType("application/json").body("{}").post("/v1.0-alpha1/state/statestore/query").then()
                .statusCode(equalToNot404());
        given().get("/v1.0/metadata").then().statusCode(200);
        given().get("/v1.0/healthz").then().statusCode(204);
    }

    private static Matcher<Integer> equalToNot404() {
        return Matchers.not(404);
    }
}
