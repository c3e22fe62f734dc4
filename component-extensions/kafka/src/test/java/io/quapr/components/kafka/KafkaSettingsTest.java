package io.quapr.components.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.components.pubsub.kafka.KafkaPubSub;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import io.quapr.spi.MetadataSchema;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.StickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** Dapr's metadata, its defaults and refusals, and the Kafka client properties they become. */
class KafkaSettingsTest {

    /** The metadata as the sidecar binds it against pubsub.kafka's metadata.yaml. */
    static ComponentMetadata bind(Map<String, String> values) {
        return ComponentMetadata.bind("test-kafka", values, MetadataSchema.of(KafkaPubSub.class), Set.of()).metadata();
    }

    private static KafkaSettings settings(Map<String, String> extra, String appId) {
        Map<String, String> md = new HashMap<>(Map.of("brokers", " a:9092, b:9092 ", "authType", "none"));
        md.putAll(extra);
        return KafkaSettings.of(bind(md), appId);
    }

    @Test
    void defaultsAreDaprs() {
        KafkaSettings s = settings(Map.of(), "orders");
        assertEquals("a:9092,b:9092", s.brokers());
        assertEquals("orders", s.consumerGroup());
        Properties c = s.consumer();
        assertEquals("latest", c.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG));
        assertEquals(false, c.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
        assertEquals("classic", c.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG));
        assertEquals(List.of(RangeAssignor.class), c.get(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG));
        assertEquals(10_000, c.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
        assertEquals(3_000, c.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG));
        Properties p = s.producer();
        assertEquals("all", p.get(ProducerConfig.ACKS_CONFIG));
        assertEquals(true, p.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals("quapr", p.get(ProducerConfig.CLIENT_ID_CONFIG));
        assertEquals(Duration.ofMillis(100), s.redeliveryPause());
        assertEquals(Duration.ofSeconds(30), s.dialTimeout());
    }

    @Test
    void theGroupIsConsumerGroupThenConsumerIdThenTheAppId() {
        assertEquals("g", settings(Map.of("consumerGroup", "g", "consumerID", "c"), "app").consumerGroup());
        assertEquals("c", settings(Map.of("consumerID", "c"), "app").consumerGroup());
        assertEquals("", settings(Map.of(), "").consumerGroup());
    }

    @Test
    void daprValuesMapToTheJavaClient() {
        KafkaSettings s = settings(Map.of("initialOffset", "Oldest", "producerRequiredAcks", "local",
                "consumerGroupRebalanceStrategy", "sticky", "maxMessageBytes", "2048", "compression", "gzip",
                "consumeRetryInterval", "250"), "app");
        assertEquals("earliest", s.consumer().get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG));
        assertEquals(List.of(StickyAssignor.class),
                s.consumer().get(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG));
        assertEquals("1", s.producer().get(ProducerConfig.ACKS_CONFIG));
        // Kafka allows idempotence only with acks=all
        assertEquals(false, s.producer().get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals(2048, s.producer().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        assertEquals("gzip", s.producer().get(ProducerConfig.COMPRESSION_TYPE_CONFIG));
        // a bare number is milliseconds here, as in daprd
        assertEquals(Duration.ofMillis(250), s.redeliveryPause());
    }

    @Test
    void valuesDaprRejectsAreRejected() {
        assertThrows(MetadataException.class, () -> settings(Map.of("compression", "brotli"), "app"));
        assertThrows(MetadataException.class, () -> settings(Map.of("producerRequiredAcks", "two"), "app"));
        assertThrows(MetadataException.class, () -> settings(Map.of("producerRetryMax", "-1"), "app"));
        assertThrows(MetadataException.class, () -> settings(Map.of("excludeHeaderMetaRegex", "(("), "app"));
        MetadataException e = assertThrows(MetadataException.class,
                () -> settings(Map.of("authType", "awsiam"), "app"));
        assertTrue(e.getMessage().contains("only 'none'"), e.getMessage());
    }
}
