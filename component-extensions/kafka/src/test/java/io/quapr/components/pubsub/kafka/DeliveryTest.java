package io.quapr.components.pubsub.kafka;

import static io.quapr.components.pubsub.kafka.KafkaFixture.await;
import static io.quapr.components.pubsub.kafka.KafkaFixture.next;
import static io.quapr.components.pubsub.kafka.KafkaFixture.publish;
import static io.quapr.components.pubsub.kafka.KafkaFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.pubsub.Message;
import io.quapr.spi.pubsub.SubscribeRequest;
import io.quapr.spi.pubsub.Subscription;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * At least once, in order per partition: what happens to a message the handler did not take,
 * to offsets across subscriptions, and to partitions delivered side by side.
 */
class DeliveryTest {

    @RegisterExtension
    final KafkaFixture kafka = new KafkaFixture();

    @Test
    void aMessageNotTakenComesBackBeforeTheOnesAfterIt() {
        KafkaPubSub pubsub = kafka.pubsub();
        String topic = kafka.topic(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        AtomicInteger failuresLeft = new AtomicInteger(2);
        BlockingQueue<Message> taken = KafkaFixture.queue();
        await(pubsub.subscribe(new SubscribeRequest(topic, Map.of()), m -> {
            handled.add(text(m));
            if (text(m).equals("m2") && failuresLeft.getAndDecrement() > 0) {
                return Uni.createFrom().failure(new IllegalStateException("sidecar shutting down"));
            }
            taken.add(m);
            return Uni.createFrom().voidItem();
        }));

        for (int i = 0; i < 5; i++) {
            publish(pubsub, topic, "m" + i, Map.of());
        }
        List<String> takenTexts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            takenTexts.add(text(next(taken)));
        }
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), takenTexts);
        assertEquals(List.of("m0", "m1", "m2", "m2", "m2", "m3", "m4"), handled);
    }

    @Test
    void aNewSubscriptionOfTheGroupResumesAfterTheLastMessageTaken() throws InterruptedException {
        KafkaPubSub pubsub = kafka.pubsub();
        String topic = kafka.topic(1);
        BlockingQueue<Message> taken = KafkaFixture.queue();
        // takes m0..m2; m3 stays in flight forever, so it is never acknowledged
        Subscription first = await(pubsub.subscribe(new SubscribeRequest(topic, Map.of()), m -> {
            if (text(m).equals("m3")) {
                return Uni.createFrom().nothing();
            }
            taken.add(m);
            return Uni.createFrom().voidItem();
        }));
        for (int i = 0; i < 5; i++) {
            publish(pubsub, topic, "m" + i, Map.of());
        }
        for (int i = 0; i < 3; i++) {
            assertEquals("m" + i, text(next(taken)));
        }
        await(first.cancel());
        publish(pubsub, topic, "m5", Map.of());
        assertNull(taken.poll(300, TimeUnit.MILLISECONDS), "nothing is delivered after cancel");

        BlockingQueue<Message> again = KafkaFixture.queue();
        await(kafka.pubsub().subscribe(new SubscribeRequest(topic, Map.of()), PublishSubscribeTest.into(again)));
        assertEquals("m3", text(next(again)));
        assertEquals("m4", text(next(again)));
        assertEquals("m5", text(next(again)));
        assertNull(again.poll(500, TimeUnit.MILLISECONDS));
    }

    @Test
    void partitionsAreDeliveredSideBySideEachOneInOrder() {
        KafkaPubSub pubsub = kafka.pubsub();
        String topic = kafka.topic(3);
        Map<String, AtomicInteger> inFlightPerPartition = new ConcurrentHashMap<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        AtomicInteger mostInOnePartition = new AtomicInteger();
        Map<String, List<Integer>> orderPerPartition = new ConcurrentHashMap<>();
        BlockingQueue<Message> taken = KafkaFixture.queue();
        await(pubsub.subscribe(new SubscribeRequest(topic, Map.of()), m -> {
            String partition = m.metadata().get("__partition");
            int here = inFlightPerPartition.computeIfAbsent(partition, p -> new AtomicInteger()).incrementAndGet();
            mostInOnePartition.accumulateAndGet(here, Math::max);
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            orderPerPartition.computeIfAbsent(partition, p -> Collections.synchronizedList(new ArrayList<>()))
                    .add(Integer.parseInt(text(m)));
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(20)).invoke(() -> {
                inFlightPerPartition.get(partition).decrementAndGet();
                inFlight.decrementAndGet();
                taken.add(m);
            });
        }));

        for (int i = 0; i < 30; i++) {
            publish(pubsub, topic, Integer.toString(i), Map.of("partitionNumber", Integer.toString(i % 3)));
        }
        for (int i = 0; i < 30; i++) {
            next(taken);
        }
        assertEquals(1, mostInOnePartition.get(), "one message at a time per partition");
        assertTrue(mostInFlight.get() > 1, "partitions in parallel, at most " + mostInFlight.get());
        orderPerPartition.forEach((p, order) -> {
            List<Integer> sorted = new ArrayList<>(order);
            Collections.sort(sorted);
            assertEquals(sorted, order, "partition " + p + " in offset order");
        });
    }

    @Test
    void aStuckPartitionDoesNotHoldUpTheOthers() {
        KafkaPubSub pubsub = kafka.pubsub();
        String topic = kafka.topic(2);
        BlockingQueue<Message> taken = KafkaFixture.queue();
        await(pubsub.subscribe(new SubscribeRequest(topic, Map.of()), m -> {
            if (m.metadata().get("__partition").equals("0")) {
                return Uni.createFrom().nothing();
            }
            taken.add(m);
            return Uni.createFrom().voidItem();
        }));
        for (int i = 0; i < 6; i++) {
            publish(pubsub, topic, "m" + i, Map.of("partitionNumber", Integer.toString(i % 2)));
        }
        assertEquals("m1", text(next(taken)));
        assertEquals("m3", text(next(taken)));
        assertEquals("m5", text(next(taken)));
    }
}
