package io.quapr.sidecar.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * {@code spec.secrets.scopes} over HTTP: the test store allows {@code db-password} only; another
 * secret is 403 {@code ERR_PERMISSION_DENIED}, and bulk leaves it out.
 */
@QuarkusTest
@TestProfile(SecurityConfigProfile.class)
class SecretScopesHttpTest {

    @Test
    void anAllowedSecretIsRead() {
        given().get("/v1.0/secrets/secretstore/db-password").then().statusCode(200)
                .body("db-password", equalTo("s3cret"));
    }

    @Test
    void aSecretOutsideTheScopeIs403() {
        given().get("/v1.0/secrets/secretstore/api:token").then().statusCode(403)
                .body("errorCode", equalTo("ERR_PERMISSION_DENIED"))
                .body("message", equalTo("access denied by policy to get \"api:token\" from \"secretstore\""))
                .body("details", nullValue());
    }

    @Test
    void bulkLeavesOutWhatTheScopeDenies() {
        given().get("/v1.0/secrets/secretstore/bulk").then().statusCode(200)
                .body("$", aMapWithSize(1))
                .body("db-password.db-password", equalTo("s3cret"));
    }
}
