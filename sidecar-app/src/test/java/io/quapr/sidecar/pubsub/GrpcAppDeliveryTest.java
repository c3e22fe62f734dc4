package io.quapr.sidecar.pubsub;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.v1.DaprAppCallbackProtos.TopicEventRequest;
import io.quapr.sidecar.testing.app.GrpcTestApp;
import io.quapr.sidecar.testing.app.GrpcTestAppResource;
import io.quapr.sidecar.testing.app.TestApp;
import io.quapr.sidecar.testing.pubsub.MemoryPubSub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A gRPC app ({@code --app-protocol grpc}): subscriptions from {@code ListTopicSubscriptions},
 * events through {@code OnTopicEvent} with the route's path, RETRY and DROP as for HTTP.
 */
@QuarkusTest
@WithTestResource(GrpcTestAppResource.class)
class GrpcAppDeliveryTest {

    @Test
    void eventArrivesWithItsAttributesAndThePathOfItsRoute() {
        String data = "ok-" + UUID.randomUUID();
        publish(data, null);

        TopicEventRequest r = GrpcTestApp.await("orders", data).request();
        assertEquals("grpc-orders", r.getTopic());
        assertEquals("pubsub", r.getPubsubName());
        assertEquals("testapp", r.getSource());
        assertTrue(r.getDataContentType().startsWith("text/plain"), r.getDataContentType());
        assertEquals("1.0", r.getSpecVersion());
        assertEquals("com.dapr.event.sent", r.getType());
        assertTrue(r.getExtensions().getFieldsMap().containsKey("traceparent"));
        assertEquals("pubsub", GrpcTestApp.await("orders", data).headers().get("pubsubname"));
    }

    @Test
    void rulesPickThePath() {
        String data = "ok-" + UUID.randomUUID();
        publish(data, "urgent");

        GrpcTestApp.await("urgent", data);
    }

    @Test
    void retryIsRedeliveredAndDropIsDeadLettered() {
        String retry = "retry-then-ok-" + UUID.randomUUID();
        String drop = "drop-" + UUID.randomUUID();
        publish(retry, null);
        publish(drop, null);

        TestApp.until(() -> GrpcTestApp.events(retry).size() == 2, Duration.ofSeconds(10));
        GrpcTestApp.await("", drop);
        assertEquals(2, GrpcTestApp.events(drop).size(), "once on its topic, once from the dead-letter topic");
    }

    @Test
    void bulkSubscriptionGetsBatchesThroughOnBulkTopicEvent() {
        String ok = "ok-" + UUID.randomUUID();
        String drop = "drop-" + UUID.randomUUID();
        TestApp.until(() -> MemoryPubSub.subscribed("pubsub", "grpc-bulk"), Duration.ofSeconds(10));
        for (String data : new String[] { ok, drop }) {
            given().contentType("text/plain").body(data).post("/v1.0/publish/pubsub/grpc-bulk").then()
                    .statusCode(204);
        }

        GrpcTestApp.await("bulk", ok);
        GrpcTestApp.await("bulk", drop);
        GrpcTestApp.await("", drop);
    }

    private static void publish(String data, String type) {
        TestApp.until(() -> MemoryPubSub.subscribed("pubsub", "grpc-orders")
                && MemoryPubSub.subscribed("pubsub", "grpc-dlq"), Duration.ofSeconds(10));
        var request = given().contentType("text/plain").body(data);
        if (type != null) {
            request = request.queryParam("metadata.cloudevent.type", type);
        }
        request.post("/v1.0/publish/pubsub/grpc-orders").then().statusCode(204);
    }
}
