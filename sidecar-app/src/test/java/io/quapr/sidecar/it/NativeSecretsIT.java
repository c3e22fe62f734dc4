package io.quapr.sidecar.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

/** The secrets API of the packaged sidecar on secretstores.local.file. */
@QuarkusIntegrationTest
class NativeSecretsIT {

    @Test
    void secretAndBulkReadTheFile() {
        given().get("/v1.0/secrets/secretstore/db-password").then().statusCode(200)
                .body("$", aMapWithSize(1)).body("db-password", equalTo("s3cret"));
        given().get("/v1.0/secrets/secretstore/bulk").then().statusCode(200)
                .body("'api:token'.'api:token'", equalTo("t0ken"));
    }
}
