package io.quapr.sidecar.api.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.sidecar.testing.pubsub.MemoryPubSub;
import io.quapr.spi.pubsub.PublishRequest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Publishing over HTTP: the CloudEvent envelope daprd builds, field by field. */
@QuarkusTest
class PublishHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    private final String topic = "orders-" + UUID.randomUUID();

    @Test
    void jsonBodyIsEmbeddedAsJsonInDaprsEnvelope() throws Exception {
        given().contentType("application/json").body("{\"orderId\": 12345678901234567890.5, \"n\": 1}")
                .post("/v1.0/publish/pubsub/" + topic).then().statusCode(204);

        PublishRequest sent = single("pubsub", topic);
        assertEquals("application/cloudevents+json", sent.contentType());
        JsonNode ce = JSON.readTree(sent.data());
        assertFalse(ce.path("id").asText().isEmpty());
        assertEquals("testapp", ce.path("source").asText());
        assertEquals("com.dapr.event.sent", ce.path("type").asText());
        assertEquals("1.0", ce.path("specversion").asText());
        assertEquals("application/json", ce.path("datacontenttype").asText());
        assertEquals(topic, ce.path("topic").asText());
        assertEquals("pubsub", ce.path("pubsubname").asText());
        assertTrue(new String(sent.data(), StandardCharsets.UTF_8).contains("12345678901234567890.5"),
                "numbers keep their digits");
        assertEquals(1, ce.path("data").path("n").asInt());
        OffsetDateTime.parse(ce.path("time").asText());
        assertEquals(ce.path("traceid").asText(), ce.path("traceparent").asText());
        assertTrue(ce.path("traceparent").asText().matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}"));
        assertTrue(ce.has("tracestate"));
        assertFalse(ce.has("expiration"));
    }

    @Test
    void noContentTypeIsTextPlainAndTheBodyAString() throws Exception {
        // a client that sends no Content-Type at all (RestAssured always adds one)
        HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                base.toURI().resolve("/v1.0/publish/pubsub/" + topic)).POST(BodyPublishers.ofString("hello")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(204, r.statusCode());

        JsonNode ce = JSON.readTree(single("pubsub", topic).data());
        assertEquals("text/plain", ce.path("datacontenttype").asText());
        assertEquals("hello", ce.path("data").asText());
    }

    @Test
    void binaryBodyTravelsAsDataBase64() throws Exception {
        byte[] bytes = { 0, 1, 2, (byte) 0xff };
        given().contentType("application/octet-stream").body(bytes).put("/v1.0/publish/pubsub/" + topic).then()
                .statusCode(204);

        JsonNode ce = JSON.readTree(single("pubsub", topic).data());
        assertEquals(Base64.getEncoder().encodeToString(bytes), ce.path("data_base64").asText());
        assertFalse(ce.has("data"));
    }

    @Test
    void topicMayContainSlashes() {
        given().contentType("text/plain").body("x").post("/v1.0/publish/pubsub/" + topic + "/a/b").then()
                .statusCode(204);

        assertEquals(1, MemoryPubSub.published("pubsub", topic + "/a/b").size());
    }

    @Test
    void callersTraceparentIsCarried() throws Exception {
        String tp = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        given().header("traceparent", tp).header("tracestate", "k=v").contentType("text/plain").body("x")
                .post("/v1.0/publish/pubsub/" + topic).then().statusCode(204);

        JsonNode ce = JSON.readTree(single("pubsub", topic).data());
        assertEquals(tp, ce.path("traceparent").asText());
        assertEquals(tp, ce.path("traceid").asText());
        assertEquals("k=v", ce.path("tracestate").asText());
    }

    @Test
    void cloudEventMetadataOverridesEnvelopeFields() throws Exception {
        given().contentType("text/plain").body("x").queryParam("metadata.cloudevent.id", "my-id")
                .queryParam("metadata.cloudevent.source", "elsewhere").queryParam("metadata.cloudevent.type", "t.x")
                .queryParam("metadata.cloudevent.subject", "subj").post("/v1.0/publish/pubsub/" + topic).then()
                .statusCode(204);

        JsonNode ce = JSON.readTree(single("pubsub", topic).data());
        assertEquals("my-id", ce.path("id").asText());
        assertEquals("elsewhere", ce.path("source").asText());
        assertEquals("t.x", ce.path("type").asText());
        assertEquals("subj", ce.path("subject").asText());
    }

    @Test
    void ttlSetsExpirationWhenTheBrokerHasNoTtlOfItsOwn() throws Exception {
        given().contentType("text/plain").body("x").queryParam("metadata.ttlInSeconds", "120")
                .post("/v1.0/publish/pubsub/" + topic).then().statusCode(204);
        given().contentType("text/plain").body("x").queryParam("metadata.ttlInSeconds", "120")
                .post("/v1.0/publish/ttlpubsub/" + topic).then().statusCode(204);

        PublishRequest sent = single("pubsub", topic);
        OffsetDateTime expiration = OffsetDateTime.parse(JSON.readTree(sent.data()).path("expiration").asText());
        assertTrue(expiration.isAfter(OffsetDateTime.now().plusSeconds(100)));
        assertEquals("120", sent.metadata().get("ttlInSeconds"), "the broker gets the metadata too");
        assertFalse(JSON.readTree(single("ttlpubsub", topic).data()).has("expiration"),
                "a broker with MESSAGE_TTL expires messages itself");
    }

    @Test
    void cloudEventBodyIsPassedThroughWithTheMissingFieldsAdded() throws Exception {
        given().contentType("application/cloudevents+json")
                .body("{\"id\":\"ce-1\",\"source\":\"mine\",\"type\":\"my.type\",\"data\":{\"a\":1},"
                        + "\"topic\":\"spoofed\",\"custom\":\"kept\"}")
                .post("/v1.0/publish/pubsub/" + topic).then().statusCode(204);

        JsonNode ce = JSON.readTree(single("pubsub", topic).data());
        assertEquals("ce-1", ce.path("id").asText());
        assertEquals("mine", ce.path("source").asText());
        assertEquals("my.type", ce.path("type").asText());
        assertEquals("1.0", ce.path("specversion").asText());
        assertEquals(topic, ce.path("topic").asText(), "daprd always sets the topic");
        assertEquals("pubsub", ce.path("pubsubname").asText());
        assertEquals("kept", ce.path("custom").asText());
        assertEquals(1, ce.path("data").path("a").asInt());
        assertTrue(ce.has("time") && ce.has("traceparent"));
    }

    @Test
    void rawPayloadPublishesTheBodyAsItIs() {
        given().contentType("application/json").body("{\"raw\":true}").queryParam("metadata.rawPayload", "true")
                .post("/v1.0/publish/pubsub/" + topic).then().statusCode(204);

        PublishRequest sent = single("pubsub", topic);
        assertEquals("{\"raw\":true}", new String(sent.data(), StandardCharsets.UTF_8));
        assertEquals("application/json", sent.contentType());
        assertEquals("true", sent.metadata().get("rawPayload"));
        assertNull(sent.metadata().get("traceid"));
    }

    private static PublishRequest single(String component, String topic) {
        List<PublishRequest> sent = MemoryPubSub.published(component, topic);
        assertEquals(1, sent.size(), "published once");
        return sent.get(0);
    }
}
