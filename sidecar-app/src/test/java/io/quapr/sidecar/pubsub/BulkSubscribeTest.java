package io.quapr.sidecar.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quapr.sidecar.testing.app.TestApp;
import io.quapr.sidecar.testing.app.TestAppResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Bulk subscribe over HTTP: messages arrive in daprd's bulk envelope, the app answers per entry,
 * and each entry's answer is acted on alone (retried, dead-lettered or done).
 */
@QuarkusTest
@WithTestResource(TestAppResource.class)
class BulkSubscribeTest {

    @Test
    void entriesAreBatchedAndEachAnswerIsActedOn() {
        String ok = "ok:" + UUID.randomUUID();
        String drop = "drop:" + UUID.randomUUID();
        String retry = "retry-then-ok:" + UUID.randomUUID();
        String silent = "silent:" + UUID.randomUUID();
        SubscriptionDeliveryTest.publish("bulk-topic", ok);
        SubscriptionDeliveryTest.publish("bulk-topic", drop);
        SubscriptionDeliveryTest.publish("bulk-topic", retry);
        SubscriptionDeliveryTest.publish("bulk-topic", silent);

        TestApp.await("/dlq", drop);
        TestApp.until(() -> TestApp.deliveries("/bulk", retry).size() == 2, Duration.ofSeconds(10));
        TestApp.until(() -> TestApp.deliveries("/bulk", silent).size() == 3, Duration.ofSeconds(10));
        TestApp.await("/dlq", silent);
        assertEquals(1, TestApp.deliveries("/bulk", ok).size());
        assertEquals(1, TestApp.deliveries("/bulk", drop).size());

        JsonNode bulk = TestApp.BULKS.stream().filter(b -> b.toString().contains(ok)).findFirst().orElseThrow();
        assertEquals("com.dapr.event.sent.bulk", bulk.path("type").asText());
        assertEquals("bulk-topic", bulk.path("topic").asText());
        assertEquals("pubsub", bulk.path("pubsubname").asText());
        JsonNode entry = bulk.path("entries").get(0);
        assertTrue(!entry.path("entryId").asText().isEmpty());
        assertEquals("application/cloudevents+json", entry.path("contentType").asText());
        assertEquals("bulk-topic", entry.path("event").path("topic").asText());
    }
}
