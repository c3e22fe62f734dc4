package io.quapr.sidecar.pubsub;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quapr.sidecar.testing.app.TestApp;
import io.quapr.sidecar.testing.app.TestAppResource;
import io.quapr.sidecar.testing.pubsub.MemoryPubSub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A raw-payload subscription gets a raw message as daprd hands it over HTTP: wrapped in a
 * CloudEvent of type octet-stream whose {@code data_base64} is the bytes as published.
 */
@QuarkusTest
@WithTestResource(TestAppResource.class)
class RawPayloadDeliveryTest {

    @Test
    void rawMessageArrivesAsDataBase64() {
        String payload = "raw-" + UUID.randomUUID();
        TestApp.until(() -> MemoryPubSub.subscribed("pubsub", "raw"), Duration.ofSeconds(10));
        given().contentType("text/plain").body(payload).queryParam("metadata.rawPayload", "true")
                .post("/v1.0/publish/pubsub/raw").then().statusCode(204);

        String expected = Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        TestApp.Delivery d = TestApp.await(
                x -> x.path().equals("/raw") && expected.equals(x.event().path("data_base64").asText()),
                Duration.ofSeconds(10));
        assertEquals("application/octet-stream", d.event().path("datacontenttype").asText());
        assertEquals("raw", d.event().path("topic").asText());
    }
}
