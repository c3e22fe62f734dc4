package io.quapr.components.pubsub.inmemory;

import static io.quapr.components.pubsub.inmemory.BusFixture.eventually;
import static io.quapr.components.pubsub.inmemory.BusFixture.recording;
import static io.quapr.components.pubsub.inmemory.BusFixture.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.pubsub.Message;
import io.quapr.spi.pubsub.PublishRequest;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class FanOutTest {

    @Test
    void everySubscriptionOfTheTopicGetsEachMessageAndOtherTopicsNone() throws Exception {
        try (BusFixture f = new BusFixture()) {
            List<String> first = new ArrayList<>();
            List<String> second = new ArrayList<>();
            List<String> other = new ArrayList<>();
            f.subscribe("orders", recording(first));
            f.subscribe("orders", recording(second));
            f.subscribe("invoices", recording(other));
            f.publish("orders", "o-1");
            f.publish("orders", "o-2");
            eventually(() -> snapshot(first).size() == 2 && snapshot(second).size() == 2, "both got both");
            Thread.sleep(100);
            assertEquals(List.of(), snapshot(other));
            assertEquals(2, snapshot(first).size());
        }
    }

    @Test
    void aMessageNobodySubscribesToIsDroppedAsInDapr() throws Exception {
        try (BusFixture f = new BusFixture()) {
            f.publish("orders", "before anyone listens");
            List<String> got = new ArrayList<>();
            f.subscribe("orders", recording(got));
            f.publish("orders", "after");
            eventually(() -> snapshot(got).contains("after"), "the later message");
            Thread.sleep(100);
            assertEquals(List.of("after"), snapshot(got));
        }
    }

    @Test
    void metadataAndContentTypeTravelAndEachSubscriberHasItsOwnBytes() throws Exception {
        try (BusFixture f = new BusFixture()) {
            List<Message> a = new CopyOnWriteArrayList<>();
            List<Message> b = new CopyOnWriteArrayList<>();
            f.subscribe("t", m -> {
                a.add(m);
                return Uni.createFrom().voidItem();
            });
            f.subscribe("t", m -> {
                b.add(m);
                return Uni.createFrom().voidItem();
            });
            byte[] data = { 0, 1, (byte) 0xff };
            BusFixture.await(f.bus.publish(new PublishRequest("t", data, "application/octet-stream",
                    Map.of("partitionKey", "k1"))));
            data[0] = 42; // the publisher reusing its array changes nothing delivered
            eventually(() -> a.size() == 1 && b.size() == 1, "both deliveries");
            assertArrayEquals(new byte[] { 0, 1, (byte) 0xff }, a.get(0).data());
            assertNotSame(a.get(0).data(), b.get(0).data());
            assertEquals("application/octet-stream", a.get(0).contentType());
            assertEquals(Map.of("partitionKey", "k1"), a.get(0).metadata());
            assertEquals("t", a.get(0).topic());
        }
    }

    @Test
    void publishDoesNotWaitForTheHandler() throws Exception {
        try (BusFixture f = new BusFixture(Map.of("concurrency", "1"))) {
            f.subscribe("slow", m -> Uni.createFrom().nothing());
            long start = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                f.publish("slow", "m-" + i);
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < 5000, "1000 publishes to a stalled subscription took " + ms + " ms");
        }
    }
}
