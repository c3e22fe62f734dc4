package io.quapr.sidecar.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Request bodies are read as daprd's Go decoder reads them: one UTF-8 JSON value and nothing after
 * it. A second value is not silently dropped, and a byte-order mark or UTF-16 is not JSON.
 */
@QuarkusTest
class StrictJsonBodiesHttpTest {

    private final String prefix = "strict-" + UUID.randomUUID() + "-";

    @Test
    void secondArrayAfterTheFirstIsRefusedAndNothingIsSaved() {
        String body = "[{\"key\":\"" + prefix + "d1\",\"value\":1}][{\"key\":\"" + prefix + "d2\",\"value\":2}]";
        given().contentType("application/json").body(body).post("/v1.0/state/statestore").then().statusCode(400)
                .body("errorCode", equalTo("ERR_MALFORMED_REQUEST"));
        given().get("/v1.0/state/statestore/{key}", prefix + "d1").then().statusCode(204);
        given().get("/v1.0/state/statestore/{key}", prefix + "d2").then().statusCode(204);
    }

    @Test
    void trailingGarbageAfterATransactionIsRefused() {
        String body = "{\"operations\":[{\"operation\":\"upsert\",\"request\":{\"key\":\"" + prefix
                + "t\",\"value\":1}}]} x";
        given().contentType("application/json").body(body).post("/v1.0/state/statestore/transaction").then()
                .statusCode(400).body("errorCode", equalTo("ERR_MALFORMED_REQUEST"));
        given().get("/v1.0/state/statestore/{key}", prefix + "t").then().statusCode(204);
    }

    @Test
    void trailingValueAfterABulkGetIsRefused() {
        given().contentType("application/json").body("{\"keys\":[\"a\"]}{}").post("/v1.0/state/statestore/bulk")
                .then().statusCode(400).body("errorCode", equalTo("ERR_MALFORMED_REQUEST"));
    }

    @Test
    void byteOrderMarkIsNotJson() {
        byte[] json = ("[{\"key\":\"" + prefix + "bom\",\"value\":1}]").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[json.length + 3];
        body[0] = (byte) 0xef;
        body[1] = (byte) 0xbb;
        body[2] = (byte) 0xbf;
        System.arraycopy(json, 0, body, 3, json.length);
        given().contentType("application/json").body(body).post("/v1.0/state/statestore").then().statusCode(400)
                .body("errorCode", equalTo("ERR_MALFORMED_REQUEST"));
    }

    @Test
    void utf16IsNotJson() {
        byte[] body = ("[{\"key\":\"" + prefix + "u16\",\"value\":1}]").getBytes(StandardCharsets.UTF_16LE);
        given().contentType("application/json").body(body).post("/v1.0/state/statestore").then().statusCode(400)
                .body("errorCode", equalTo("ERR_MALFORMED_REQUEST"));
        given().get("/v1.0/state/statestore/{key}", prefix + "u16").then().statusCode(204);
    }

    /** daprd publishes a JSON-typed body that is not JSON as a string: 204, never a bare 500. */
    @Test
    void utf16PublishIsTakenAsAStringNotA500() {
        byte[] body = { (byte) 0xff, (byte) 0xfe, '{', 0, '}', 0 };
        given().contentType("application/json").body(body).post("/v1.0/publish/pubsub/strict-utf16").then()
                .statusCode(204);
    }

    @Test
    void bulkPublishWithTrailingContentIsRefused() {
        String entry = "[{\"entryId\":\"1\",\"event\":\"x\",\"contentType\":\"text/plain\"}]";
        given().contentType("application/json").body(entry + " []").post("/v1.0-alpha1/publish/bulk/pubsub/strict")
                .then().statusCode(400);
    }
}
