package io.quapr.sidecar.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The secrets API over HTTP, against a {@code secretstores.local.file} store. */
@QuarkusTest
class SecretsHttpTest {

    @Test
    void oneSecretIsAnObjectOfItsPairs() {
        given().get("/v1.0/secrets/secretstore/db-password").then().statusCode(200)
                .body("$", aMapWithSize(1)).body("db-password", equalTo("s3cret"));
    }

    @Test
    void bulkIsEverySecretByName() {
        given().get("/v1.0/secrets/secretstore/bulk").then().statusCode(200)
                .body("$", aMapWithSize(2))
                .body("db-password.db-password", equalTo("s3cret"))
                .body("'api:token'.'api:token'", equalTo("t0ken"));
    }

    @Test
    void unknownStoreIs401() {
        given().get("/v1.0/secrets/nope/db-password").then().statusCode(401)
                .body("errorCode", equalTo("ERR_SECRET_STORE_NOT_FOUND"))
                .body("message", equalTo("failed finding secret store with key nope"));
    }

    @Test
    void missingSecretIs500() {
        given().get("/v1.0/secrets/secretstore/no-such-secret").then().statusCode(500)
                .body("errorCode", equalTo("ERR_SECRET_GET"))
                .body("message",
                        startsWith("failed getting secret with key no-such-secret from secret store secretstore"));
    }
}
