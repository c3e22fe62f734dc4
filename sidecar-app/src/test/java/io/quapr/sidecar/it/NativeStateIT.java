package io.quapr.sidecar.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The state API of the packaged sidecar on state.sqlite: the JNI driver, ETags, transactions. */
@QuarkusIntegrationTest
class NativeStateIT {

    private final String prefix = "nit-" + UUID.randomUUID() + "-";

    @Test
    void savedValueReadsBackWithItsEtagAndIsDeleted() {
        given().contentType("application/json").body("[{\"key\":\"" + prefix + "a\",\"value\":{\"n\":1}}]")
                .post("/v1.0/state/statestore").then().statusCode(204);

        String etag = given().get("/v1.0/state/statestore/{key}", prefix + "a").then().statusCode(200)
                .header("ETag", not(emptyOrNullString())).body("n", equalTo(1)).extract().header("ETag");

        given().header("If-Match", "999999").delete("/v1.0/state/statestore/{key}", prefix + "a").then()
                .statusCode(409).body("errorCode", equalTo("ERR_STATE_DELETE"));
        given().header("If-Match", etag).delete("/v1.0/state/statestore/{key}", prefix + "a").then()
                .statusCode(204);
        given().get("/v1.0/state/statestore/{key}", prefix + "a").then().statusCode(204);
    }

    @Test
    void transactionWritesEveryOperation() {
        given().contentType("application/json")
                .body("{\"operations\":[{\"operation\":\"upsert\",\"request\":{\"key\":\"" + prefix
                        + "t1\",\"value\":\"one\"}},{\"operation\":\"upsert\",\"request\":{\"key\":\"" + prefix
                        + "t2\",\"value\":\"two\"}}]}")
                .post("/v1.0/state/statestore/transaction").then().statusCode(204);

        given().get("/v1.0/state/statestore/{key}", prefix + "t1").then().statusCode(200).body(equalTo("\"one\""));
        given().get("/v1.0/state/statestore/{key}", prefix + "t2").then().statusCode(200).body(equalTo("\"two\""));
    }

    @Test
    void unknownStoreIsDaprsError() {
        given().get("/v1.0/state/nostore/{key}", prefix + "x").then().statusCode(400)
                .body("errorCode", equalTo("ERR_STATE_STORE_NOT_FOUND"));
    }
}
