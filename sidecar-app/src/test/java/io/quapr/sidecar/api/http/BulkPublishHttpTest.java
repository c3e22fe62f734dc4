package io.quapr.sidecar.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.sidecar.testing.pubsub.MemoryPubSub;
import io.quapr.spi.pubsub.PublishRequest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Bulk publishing over HTTP: every entry wrapped as daprd wraps it, failures reported per entry. */
@QuarkusTest
class BulkPublishHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic = "bulk-" + UUID.randomUUID();

    @Test
    void everyEntryIsPublishedInItsOwnEnvelope() throws Exception {
        given().contentType("application/json").body("[{\"entryId\":\"1\",\"event\":{\"a\":1},"
                + "\"contentType\":\"application/json\"},{\"entryId\":\"2\",\"event\":\"hi\","
                + "\"contentType\":\"text/plain\",\"metadata\":{\"cloudevent.id\":\"two\"}}]")
                .post("/v1.0-alpha1/publish/bulk/pubsub/" + topic).then().statusCode(204);

        List<PublishRequest> sent = MemoryPubSub.published("pubsub", topic);
        assertEquals(2, sent.size());
        JsonNode first = JSON.readTree(sent.get(0).data());
        JsonNode second = JSON.readTree(sent.get(1).data());
        assertEquals(1, first.path("data").path("a").asInt());
        assertEquals("hi", second.path("data").asText());
        assertEquals("two", second.path("id").asText());
    }

    @Test
    void failedEntriesAreReportedWithDaprsErrorCode() {
        given().contentType("application/json").body("[{\"entryId\":\"a\",\"event\":\"x\",\"contentType\":"
                + "\"text/plain\"}]").post("/v1.0/publish/bulk/pubsub/broken").then().statusCode(500)
                .body("failedEntries[0].entryId", equalTo("a"))
                .body("failedEntries[0].error", equalTo("broker refused topic broken"))
                .body("errorCode", equalTo("ERR_PUBSUB_PUBLISH_MESSAGE"));
    }

    @Test
    void duplicateEntryIdsAre400EventsSer() {
        given().contentType("application/json").body("[{\"entryId\":\"a\",\"event\":\"x\",\"contentType\":"
                + "\"text/plain\"},{\"entryId\":\"a\",\"event\":\"y\",\"contentType\":\"text/plain\"}]")
                .post("/v1.0/publish/bulk/pubsub/" + topic).then().statusCode(400)
                .body("errorCode", equalTo("ERR_PUBSUB_EVENTS_SER"))
                .body("details[0].reason", equalTo("DAPR_PUBSUB_MARSHAL_EVENTS"));
    }

    @Test
    void eventThatDoesNotMatchItsContentTypeIs400EventsSer() {
        given().contentType("application/json").body("[{\"entryId\":\"a\",\"event\":{\"x\":1},\"contentType\":"
                + "\"text/plain\"}]").post("/v1.0/publish/bulk/pubsub/" + topic).then().statusCode(400)
                .body("errorCode", equalTo("ERR_PUBSUB_EVENTS_SER"))
                .body("details[0].reason", equalTo("DAPR_PUBSUB_MARSHAL_ENVELOPE"));
    }

    @Test
    void bodyThatIsNoListIs400EventsSer() {
        given().contentType("application/json").body("{}").post("/v1.0/publish/bulk/pubsub/" + topic).then()
                .statusCode(400).body("errorCode", equalTo("ERR_PUBSUB_EVENTS_SER"))
                .body("details[0].reason", equalTo("DAPR_PUBSUB_UNMARSHAL_EVENTS"));
    }
}
