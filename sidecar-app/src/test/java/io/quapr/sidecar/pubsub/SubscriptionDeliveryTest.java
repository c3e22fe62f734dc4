package io.quapr.sidecar.pubsub;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.sidecar.testing.app.TestApp;
import io.quapr.sidecar.testing.app.TestAppResource;
import io.quapr.sidecar.testing.pubsub.MemoryPubSub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A published event reaches the app through its programmatic and declarative subscriptions, as
 * daprd delivers it: {@code POST} to the route with the CloudEvent and daprd's headers.
 */
@QuarkusTest
@WithTestResource(TestAppResource.class)
class SubscriptionDeliveryTest {

    @Test
    void programmaticSubscriptionGetsTheCloudEvent() {
        String data = "ok:" + UUID.randomUUID();
        publish("prog-orders", data);

        TestApp.Delivery d = TestApp.await("/orders", data);
        assertEquals("application/cloudevents+json", d.headers().get("content-type"));
        assertEquals("pubsub", d.headers().get("pubsubname"));
        assertEquals("memory", d.headers().get("test-broker"), "broker metadata travels as headers");
        assertTrue(d.headers().get("traceparent").startsWith("00-"));
        assertEquals("prog-orders", d.event().path("topic").asText());
        assertEquals("pubsub", d.event().path("pubsubname").asText());
        assertEquals("testapp", d.event().path("source").asText());
        assertEquals("com.dapr.event.sent", d.event().path("type").asText());
    }

    @Test
    void declarativeSubscriptionsOfBothVersionsAreDelivered() {
        String v2 = "ok:" + UUID.randomUUID();
        String v1 = "ok:" + UUID.randomUUID();
        publish("decl-orders", v2);
        publish("decl-v1", v1);

        TestApp.await("/decl", v2);
        TestApp.await("/declv1", v1);
    }

    @Test
    void theAppsOwnSubscriptionReplacesTheDeclarativeOneForTheSameTopic() {
        String data = "ok:" + UUID.randomUUID();
        publish("decl-overridden", data);

        TestApp.await("/from-app", data);
        assertTrue(TestApp.deliveries("/from-yaml", data).isEmpty());
    }

    @Test
    void theShippedInMemoryBrokerDeliversAndDeadLettersToo() {
        String ok = "ok:" + UUID.randomUUID();
        String poison = "always-500:" + UUID.randomUUID();
        TestApp.until(() -> !given().get("/v1.0/metadata").jsonPath()
                .getList("subscriptions.findAll { it.pubsubname == 'memory' }").isEmpty(), Duration.ofSeconds(10));
        sleep(200);
        for (String data : new String[] { ok, poison }) {
            given().contentType("text/plain").body(data).post("/v1.0/publish/memory/real-broker").then()
                    .statusCode(204);
        }

        TestApp.await("/real", ok);
        TestApp.await("/dlq", poison);
        assertEquals(3, TestApp.deliveries("/real", poison).size());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void publish(String topic, String data) {
        TestApp.until(() -> MemoryPubSub.subscribed("pubsub", topic), Duration.ofSeconds(10));
        given().contentType("text/plain").body(data).post("/v1.0/publish/pubsub/" + topic).then().statusCode(204);
    }
}
