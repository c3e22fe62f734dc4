package io.quapr.components.pubsub.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.components.rabbitmq.RabbitMqSettings;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.MetadataException;
import io.quapr.spi.pubsub.SubscribeRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Queue names and arguments worked out from component and subscription metadata. No broker needed. */
class SubscriptionTopologyTest {

    private static SubscriptionTopology topology(String appId, Map<String, String> component,
            Map<String, String> subscription) {
        RabbitMqSettings s = RabbitMqSettings.from(RabbitFixture.bind(component),
                new ComponentContext(null, Clock.systemUTC(), appId, "", Path.of("target")));
        return SubscriptionTopology.of(new SubscribeRequest("orders", subscription), s);
    }

    @Test
    void queueIsConsumerIdDashTopic() {
        SubscriptionTopology t = topology("shop", Map.of(), Map.of());
        assertEquals("orders", t.exchange());
        assertEquals("shop-orders", t.queue());
        assertEquals(Map.of("x-queue-type", "classic"), t.queueArgs());
        assertEquals(List.of(""), t.routingKeys());
        assertFalse(t.deadLetter());
        assertEquals("billing-orders", topology("shop", Map.of("consumerID", "billing"), Map.of()).queue());
        assertEquals("mine", topology("shop", Map.of(), Map.of("queueName", "mine")).queue());
    }

    @Test
    void noConsumerIdAndNoQueueNameIsRefused() {
        assertThrows(MetadataException.class, () -> topology("", Map.of(), Map.of()));
        assertEquals("q", topology("", Map.of(), Map.of("queueName", "q")).queue());
    }

    @Test
    void queueArgumentsFollowDaprd() {
        SubscriptionTopology t = topology("shop", Map.of("maxLen", "100", "maxLenBytes", "4096", "enableDeadLetter",
                "true"), Map.of("maxPriority", "300", "queueType", "quorum", "singleActiveConsumer", "true"));
        assertTrue(t.deadLetter());
        assertEquals("dlx-shop-orders", t.queueArgs().get("x-dead-letter-exchange"));
        assertEquals(100L, t.queueArgs().get("x-max-length"));
        assertEquals(4096L, t.queueArgs().get("x-max-length-bytes"));
        assertEquals(255, t.queueArgs().get("x-max-priority"));
        assertEquals("quorum", t.queueArgs().get("x-queue-type"));
        assertEquals(true, t.queueArgs().get("x-single-active-consumer"));
        assertEquals("dlq-shop-orders", SubscriptionTopology.deadLetterQueue(t.queue()));
    }

    @Test
    void subscriptionLengthLimitsOverrideTheComponents() {
        SubscriptionTopology t = topology("shop", Map.of("maxLen", "100"), Map.of("maxLen", "5", "maxLenBytes", "9"));
        assertEquals(5L, t.queueArgs().get("x-max-length"));
        assertEquals(9L, t.queueArgs().get("x-max-length-bytes"));
    }

    @Test
    void routingKeysAreCommaSeparated() {
        assertEquals(List.of("eu", "us"), topology("shop", Map.of(), Map.of("routingKey", "eu,us")).routingKeys());
    }

    @Test
    void badSubscriptionMetadataIsRefused() {
        assertThrows(MetadataException.class, () -> topology("shop", Map.of(), Map.of("queueType", "stream")));
        assertThrows(MetadataException.class, () -> topology("shop", Map.of(), Map.of("maxPriority", "high")));
        assertThrows(MetadataException.class, () -> topology("shop", Map.of(), Map.of("maxLen", "-1")));
    }
}
