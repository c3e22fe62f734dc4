package io.quapr.components.pubsub.kafka;

import static io.quapr.components.pubsub.kafka.KafkaFixture.await;
import static io.quapr.components.pubsub.kafka.KafkaFixture.next;
import static io.quapr.components.pubsub.kafka.KafkaFixture.publish;
import static io.quapr.components.pubsub.kafka.KafkaFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.pubsub.BulkPublishEntry;
import io.quapr.spi.pubsub.Message;
import io.quapr.spi.pubsub.MessageHandler;
import io.quapr.spi.pubsub.PublishRequest;
import io.quapr.spi.pubsub.SubscribeRequest;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Publishing and receiving through the test broker: layout, partitioning, offsets, bulk. */
class PublishSubscribeTest {

    @RegisterExtension
    final KafkaFixture kafka = new KafkaFixture();

    static MessageHandler into(BlockingQueue<Message> queue) {
        return m -> {
            queue.add(m);
            return Uni.createFrom().voidItem();
        };
    }

    @Test
    void aMessageArrivesWithItsContentTypeKeyHeadersAndPosition() {
        KafkaPubSub pubsub = kafka.pubsub();
        String topic = kafka.topic(3);
        BlockingQueue<Message> received = KafkaFixture.queue();
        await(pubsub.subscribe(new SubscribeRequest(topic, Map.of()), into(received)));

        await(pubsub.publish(new PublishRequest(topic, "{\"id\":1}".getBytes(StandardCharsets.UTF_8),
                "application/cloudevents+json", Map.of("partitionKey", "order-1", "traceparent", "00-abc-01"))));

        Message m = next(received);
        assertEquals("{\"id\":1}", text(m));
        assertEquals(topic, m.topic());
        assertEquals("application/cloudevents+json", m.contentType());
        assertEquals("order-1", m.metadata().get("__key"));
        // daprd's FNV-1a partitioning: "order-1" goes to partition 1 of 3
        assertEquals("1", m.metadata().get("__partition"));
        assertEquals("0", m.metadata().get("__offset"));
        assertEquals(topic, m.metadata().get("__topic"));
        assertTrue(Long.parseLong(m.metadata().get("__timestamp")) > 0);
        // every request metadata entry travels as a header, as daprd sends them
        assertEquals("order-1", m.metadata().get("partitionKey"));
        assertEquals("00-abc-01", m.metadata().get("traceparent"));
        assertEquals("application/cloudevents+json", m.metadata().get("content-type"));
    }

    @Test
    void partitionNumberPicksThePartitionAndMustExist() {
        KafkaPubSub pubsub = kafka.pubsub();
        String topic = kafka.topic(3);
        BlockingQueue<Message> received = KafkaFixture.queue();
        await(pubsub.subscribe(new SubscribeRequest(topic, Map.of()), into(received)));

        publish(pubsub, topic, "to-2", Map.of("partitionNumber", "2"));
        assertEquals("2", next(received).metadata().get("__partition"));

        RuntimeException e = assertThrows(RuntimeException.class,
                () -> publish(pubsub, topic, "nowhere", Map.of("partitionNumber", "3")));
        assertEquals("partition number 3 is out of range, topic has 3 partitions", e.getMessage());
        assertThrows(RuntimeException.class, () -> publish(pubsub, topic, "nowhere", Map.of("partitionNumber", "-1")));
    }

    @Test
    void oldestStartsAtTheBeginningNewestAfterTheJoin() {
        String topic = KafkaFixture.newTopic();
        KafkaPubSub publisher = kafka.pubsub();
        // the broker creates the topic on this first publish
        publish(publisher, topic, "early", Map.of());

        KafkaPubSub oldest = kafka.pubsub(Map.of("initialOffset", "oldest", "consumerGroup", kafka.group + "-oldest"));
        BlockingQueue<Message> fromOldest = KafkaFixture.queue();
        await(oldest.subscribe(new SubscribeRequest(topic, Map.of()), into(fromOldest)));
        KafkaPubSub newest = kafka.pubsub(Map.of("consumerGroup", kafka.group + "-newest"));
        BlockingQueue<Message> fromNewest = KafkaFixture.queue();
        await(newest.subscribe(new SubscribeRequest(topic, Map.of()), into(fromNewest)));

        publish(publisher, topic, "late", Map.of());
        assertEquals("early", text(next(fromOldest)));
        assertEquals("late", text(next(fromOldest)));
        assertEquals("late", text(next(fromNewest)));
    }

    @Test
    void aSubscriptionToATopicNobodyCreatedReceivesWhatIsPublishedNext() {
        KafkaPubSub pubsub = kafka.pubsub();
        String topic = KafkaFixture.newTopic();
        BlockingQueue<Message> received = KafkaFixture.queue();
        await(pubsub.subscribe(new SubscribeRequest(topic, Map.of()), into(received)));

        publish(pubsub, topic, "first", Map.of());
        assertEquals("first", text(next(received)));
    }

    @Test
    void theJsonNullTravelsAsATombstoneAndArrivesAsNull() {
        KafkaPubSub pubsub = kafka.pubsub();
        String topic = kafka.topic(1);
        BlockingQueue<Message> received = KafkaFixture.queue();
        await(pubsub.subscribe(new SubscribeRequest(topic, Map.of()), into(received)));

        publish(pubsub, topic, "null", Map.of());
        assertEquals("null", text(next(received)));
    }

    @Test
    void bulkPublishSendsInOrderAndReportsOnlyTheEntriesThatFailed() throws InterruptedException {
        KafkaPubSub pubsub = kafka.pubsub();
        String topic = kafka.topic(2);
        BlockingQueue<Message> received = KafkaFixture.queue();
        await(pubsub.subscribe(new SubscribeRequest(topic, Map.of()), into(received)));

        List<BulkPublishEntry> entries = List.of(
                entry("a", "1", Map.of()), entry("b", "2", Map.of("partitionNumber", "9")),
                entry("c", "3", Map.of()), entry("d", "4", Map.of("partitionKey", "other")));
        Map<String, String> failed = await(pubsub.bulkPublish(topic, entries, Map.of("partitionKey", "same")));

        assertEquals(Map.of("b", "partition number 9 is out of range, topic has 2 partitions"), failed);
        // "a" and "c" share the request's key, so one partition and their order
        List<String> texts = List.of(text(next(received)), text(next(received)), text(next(received)));
        assertTrue(texts.indexOf("1") < texts.indexOf("3"), texts.toString());
        assertTrue(texts.contains("4"), texts.toString());
        assertNull(received.poll(500, TimeUnit.MILLISECONDS));
    }

    @Test
    void publishingToAnIllegalTopicNameFailsAtOnce() {
        KafkaPubSub pubsub = kafka.pubsub();
        long start = System.nanoTime();
        RuntimeException e = assertThrows(RuntimeException.class, () -> publish(pubsub, "orders/eu", "x", Map.of()));
        assertTrue(e.getMessage().contains("orders/eu"), e.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
    }

    private static BulkPublishEntry entry(String id, String data, Map<String, String> metadata) {
        return new BulkPublishEntry(id, data.getBytes(StandardCharsets.UTF_8), "text/plain", metadata);
    }
}
