package io.quapr.sidecar.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The state API's HTTP failures: daprd's statuses, {@code errorCode}s and details. */
@QuarkusTest
class StateErrorsHttpTest {

    private final String prefix = "http-err-" + UUID.randomUUID() + "-";

    @Test
    void unknownStoreIs400StateStoreNotFound() {
        given().get("/v1.0/state/nope/k").then().statusCode(400)
                .body("errorCode", equalTo("ERR_STATE_STORE_NOT_FOUND"))
                .body("message", equalTo("state store nope is not found"))
                .body("details[0].reason", equalTo("DAPR_STATE_NOT_FOUND"))
                .body("details[0].domain", equalTo("dapr.io"))
                .body("details[0].metadata.appID", equalTo("testapp"));
    }

    @Test
    void etagMismatchOnSaveIs409() {
        save(prefix + "m", null, 204);

        save(prefix + "m", "999999", 409).body("errorCode", equalTo("ERR_STATE_SAVE"))
                .body("message", startsWith("failed saving state in state store statestore: possible etag mismatch"));
    }

    @Test
    void invalidEtagOnSaveIs400() {
        save(prefix + "i", null, 204);

        save(prefix + "i", "not-a-version", 400).body("errorCode", equalTo("ERR_STATE_SAVE"));
    }

    @Test
    void etagMismatchInIfMatchOnDeleteIs409() {
        save(prefix + "dm", null, 204);

        given().header("If-Match", "999999").delete("/v1.0/state/statestore/{key}", prefix + "dm").then()
                .statusCode(409).body("errorCode", equalTo("ERR_STATE_DELETE"));
        given().get("/v1.0/state/statestore/{key}", prefix + "dm").then().statusCode(200);
    }

    @Test
    void keyWithTheSeparatorIs400MalformedRequest() {
        given().get("/v1.0/state/statestore/{key}", "a||b").then().statusCode(400)
                .body("errorCode", equalTo("ERR_MALFORMED_REQUEST"))
                .body("message", equalTo("input key/keyPrefix 'a||b' can't contain '||'"))
                .body("details[0].reason", equalTo("DAPR_STATE_ILLEGAL_KEY"));
        given().contentType("application/json").body("[{\"key\":\"x||y\",\"value\":1}]")
                .post("/v1.0/state/statestore").then().statusCode(400)
                .body("errorCode", equalTo("ERR_MALFORMED_REQUEST"));
    }

    @Test
    void malformedJsonIs400MalformedRequest() {
        given().contentType("application/json").body("[{\"key\":").post("/v1.0/state/statestore").then()
                .statusCode(400).body("errorCode", equalTo("ERR_MALFORMED_REQUEST"));
        given().contentType("application/json").body("{not json").post("/v1.0/state/statestore/bulk").then()
                .statusCode(400).body("errorCode", equalTo("ERR_MALFORMED_REQUEST"));
        given().contentType("application/json").body("{not json").post("/v1.0/state/statestore/transaction").then()
                .statusCode(400).body("errorCode", equalTo("ERR_MALFORMED_REQUEST"));
    }

    @Test
    void missingKeyInASaveIs400() {
        given().contentType("application/json").body("[{\"value\":1}]").post("/v1.0/state/statestore").then()
                .statusCode(400).body("errorCode", equalTo("ERR_MALFORMED_REQUEST"))
                .body("message", equalTo("\"key\" is a required field"));
    }

    @Test
    void transactionOnAStoreWithoutTransactionsIs500NotSupported() {
        given().contentType("application/json")
                .body("{\"operations\":[{\"operation\":\"upsert\",\"request\":{\"key\":\"k\",\"value\":1}}]}")
                .post("/v1.0/state/plainstore/transaction").then().statusCode(500)
                .body("errorCode", equalTo("ERR_STATE_STORE_NOT_SUPPORTED"))
                .body("message", equalTo("state store plainstore doesn't support transactions"))
                .body("details[0].reason", equalTo("DAPR_STATE_TRANSACTIONS_NOT_SUPPORTED"));
    }

    @Test
    void unknownTransactionOperationIs400() {
        given().contentType("application/json")
                .body("{\"operations\":[{\"operation\":\"merge\",\"request\":{\"key\":\"k\"}}]}")
                .post("/v1.0/state/statestore/transaction").then().statusCode(400)
                .body("errorCode", equalTo("ERR_NOT_SUPPORTED_STATE_OPERATION"))
                .body("message", equalTo("operation type merge not supported"));
    }

    @Test
    void missingTransactionOperationIsNamedEmpty() {
        given().contentType("application/json").body("{\"operations\":[{\"request\":{\"key\":\"k\"}}]}")
                .post("/v1.0/state/statestore/transaction").then().statusCode(400)
                .body("errorCode", equalTo("ERR_NOT_SUPPORTED_STATE_OPERATION"))
                .body("message", equalTo("operation type  not supported"));
    }

    @Test
    void transactionOperationsThatAreNotAnArrayAre400MalformedRequest() {
        given().contentType("application/json")
                .body("{\"operations\":{\"operation\":\"upsert\",\"request\":{\"key\":\"k\",\"value\":1}}}")
                .post("/v1.0/state/statestore/transaction").then().statusCode(400)
                .body("errorCode", equalTo("ERR_MALFORMED_REQUEST"));
        given().get("/v1.0/state/statestore/k").then().statusCode(204);
    }

    @Test
    void failedTransactionIs500AndAppliesNothing() {
        save(prefix + "tx", null, 204);

        given().contentType("application/json").body("{\"operations\":["
                + "{\"operation\":\"upsert\",\"request\":{\"key\":\"" + prefix + "tx-other\",\"value\":1}},"
                + "{\"operation\":\"upsert\",\"request\":{\"key\":\"" + prefix
                + "tx\",\"value\":2,\"etag\":\"999999\"}}]}")
                .post("/v1.0/state/statestore/transaction").then().statusCode(500)
                .body("errorCode", equalTo("ERR_STATE_TRANSACTION"));

        given().get("/v1.0/state/statestore/{key}", prefix + "tx-other").then().statusCode(204);
    }

    @Test
    void unknownConcurrencyIs400() {
        given().delete("/v1.0/state/statestore/{key}?concurrency=sometimes", prefix + "c").then().statusCode(400)
                .body("errorCode", equalTo("ERR_BAD_REQUEST"));
    }

    private ValidatableResponse save(String key, String etag, int status) {
        String item = "{\"key\":\"" + key + "\",\"value\":\"v\"" + (etag == null ? "" : ",\"etag\":\"" + etag + "\"")
                + "}";
        return given().contentType("application/json").body("[" + item + "]").post("/v1.0/state/statestore").then()
                .statusCode(status);
    }
}
