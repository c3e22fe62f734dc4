package io.quapr.components.bindings.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.bindings.InputEvent;
import io.quapr.spi.bindings.InputReader;
import io.quapr.spi.bindings.InvokeRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the conformance kit does not see: the record {@code create} writes (key, headers, topic),
 * the metadata of a delivered event, a read of several topics, and the refusals for a binding
 * without {@code publishTopic} or {@code consumerGroup}. Runs against the test broker on
 * 127.0.0.1:9092, on new topics.
 */
class KafkaBindingTest {

    private static final String BROKERS = "127.0.0.1:9092";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Vertx vertx = Vertx.vertx();
    private final List<KafkaBinding> bindings = new ArrayList<>();

    @AfterEach
    void close() {
        bindings.forEach(b -> b.close().await().atMost(WAIT));
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private KafkaBinding binding(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of("brokers", BROKERS, "authType", "none",
                "heartbeatInterval", "300ms"));
        values.putAll(extra);
        KafkaBinding b = new KafkaBinding();
        ComponentMetadata md = ComponentMetadata.bind("test-kafka-binding", values,
                MetadataSchema.of(KafkaBinding.class), Set.of()).metadata();
        b.init(md, new ComponentContext(vertx, Clock.systemUTC(), "test-app", "", Path.of("target")))
                .await().atMost(WAIT);
        bindings.add(b);
        return b;
    }

    private static String newTopic() {
        return "quapr-test-" + UUID.randomUUID();
    }

    @Test
    void createWritesTheKeyAndEveryMetadataEntryAsAHeader() {
        String topic = newTopic();
        KafkaBinding b = binding(Map.of("publishTopic", topic));
        Map<String, String> md = new LinkedHashMap<>();
        md.put("partitionKey", "order-7");
        md.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        md.put("custom", "value");

        assertEquals(null, b.invoke(new InvokeRequest("create", bytes("hello"), md)).await().atMost(WAIT));

        ConsumerRecord<byte[], byte[]> r = readOne(topic);
        assertEquals("order-7", new String(r.key(), StandardCharsets.UTF_8));
        assertEquals("hello", new String(r.value(), StandardCharsets.UTF_8));
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        // daprd sends every request metadata entry as a header, the key's too; no content type
        assertEquals(md, headers);
    }

    @Test
    void createWithoutKeyWritesAnUnkeyedRecord() {
        String topic = newTopic();
        KafkaBinding b = binding(Map.of("publishTopic", topic));

        b.invoke(new InvokeRequest("create", bytes("no key"), Map.of())).await().atMost(WAIT);

        ConsumerRecord<byte[], byte[]> r = readOne(topic);
        assertEquals(null, r.key());
        assertEquals(0, r.headers().toArray().length);
    }

    @Test
    void eventsOfEveryTopicArriveWithTheRecordsMetadata() throws InterruptedException {
        String first = newTopic();
        String second = newTopic();
        KafkaBinding writer1 = binding(Map.of("publishTopic", first));
        KafkaBinding writer2 = binding(Map.of("publishTopic", second));
        KafkaBinding reader = binding(Map.of("topics", first + " , " + second, "consumerGroup",
                "quapr-test-" + UUID.randomUUID(), "initialOffset", "oldest"));
        BlockingQueue<InputEvent> events = new LinkedBlockingQueue<>();
        InputReader running = reader.read(e -> {
            events.add(e);
            return Uni.createFrom().item(new byte[0]);
        }).await().atMost(WAIT);
        try {
            writer1.invoke(new InvokeRequest("create", bytes("one"), Map.of("__key", "k1", "h", "v")))
                    .await().atMost(WAIT);
            writer2.invoke(new InvokeRequest("create", bytes("two"), Map.of())).await().atMost(WAIT);

            Map<String, InputEvent> byData = new HashMap<>();
            for (int i = 0; i < 2; i++) {
                InputEvent e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertNotNull(e, "no event within " + WAIT);
                byData.put(new String(e.data(), StandardCharsets.UTF_8), e);
            }
            Map<String, String> one = byData.get("one").metadata();
            assertEquals(first, one.get("__topic"));
            assertEquals("k1", one.get("__key"));
            assertEquals("v", one.get("h"));
            assertEquals("0", one.get("__partition"));
            assertEquals("0", one.get("__offset"));
            assertTrue(one.containsKey("__timestamp"));
            assertEquals(second, byData.get("two").metadata().get("__topic"));
        } finally {
            running.stop().await().atMost(WAIT);
        }
    }

    @Test
    void createWithoutPublishTopicIsARequestError() {
        KafkaBinding b = binding(Map.of());

        Throwable e = assertThrows(RuntimeException.class,
                () -> b.invoke(new InvokeRequest("create", bytes("x"), Map.of())).await().atMost(WAIT));
        assertInstanceOf(IllegalArgumentException.class, e);
    }

    @Test
    void readingTopicsNeedsAConsumerGroup() {
        KafkaBinding b = binding(Map.of("topics", newTopic()));

        Throwable e = assertThrows(IllegalStateException.class,
                () -> b.read(x -> Uni.createFrom().item(new byte[0])).await().atMost(WAIT));
        assertTrue(e.getMessage().contains("consumerGroup"), e.getMessage());
    }

    @Test
    void anInvalidTopicNameFailsInitNamingTheField() {
        MetadataException e = assertThrows(MetadataException.class,
                () -> binding(Map.of("publishTopic", "no spaces allowed")));
        assertTrue(e.getMessage().contains("publishTopic"), e.getMessage());
        assertThrows(MetadataException.class, () -> binding(Map.of("topics", "ok, not ok")));
    }

    @Test
    void withoutTopicsReadingReadsNothing() {
        KafkaBinding b = binding(Map.of());

        InputReader r = b.read(x -> Uni.createFrom().item(new byte[0])).await().atMost(WAIT);
        r.stop().await().atMost(WAIT);
    }

    /** The first record of the topic's one partition, read without a group. */
    private static ConsumerRecord<byte[], byte[]> readOne(String topic) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, BROKERS);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < end) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    return r;
                }
            }
        }
        throw new AssertionError("no record in " + topic + " within " + WAIT);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
