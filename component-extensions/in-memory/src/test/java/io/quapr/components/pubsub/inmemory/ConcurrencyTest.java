package io.quapr.components.pubsub.inmemory;

import static io.quapr.components.pubsub.inmemory.BusFixture.eventually;
import static io.quapr.components.pubsub.inmemory.BusFixture.recording;
import static io.quapr.components.pubsub.inmemory.BusFixture.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.MetadataException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

    @Test
    void noMoreThanConcurrencyMessagesAreOutAtOnce() throws Exception {
        try (BusFixture f = new BusFixture(Map.of("concurrency", "3"))) {
            ConcurrentLinkedQueue<UniEmitter<? super Void>> held = new ConcurrentLinkedQueue<>();
            AtomicInteger handed = new AtomicInteger();
            f.subscribe("t", m -> Uni.createFrom().emitter(em -> {
                handed.incrementAndGet();
                held.add(em);
            }));
            for (int i = 0; i < 10; i++) {
                f.publish("t", "m-" + i);
            }
            eventually(() -> handed.get() == 3, "three handed over");
            Thread.sleep(100);
            assertEquals(3, handed.get(), "a fourth message went out while three were in flight");
            held.poll().complete(null);
            eventually(() -> handed.get() == 4, "the fourth after one finished");
            Thread.sleep(50);
            assertEquals(4, handed.get());
            while (handed.get() < 10 || !held.isEmpty()) {
                UniEmitter<? super Void> e = held.poll();
                if (e != null) {
                    e.complete(null);
                } else {
                    Thread.sleep(5);
                }
            }
            assertEquals(10, handed.get());
        }
    }

    @Test
    void concurrencyOneDeliversInPublishOrder() throws Exception {
        try (BusFixture f = new BusFixture(Map.of("concurrency", "1"))) {
            List<String> got = new ArrayList<>();
            f.subscribe("t", recording(got));
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                sent.add("m-" + i);
                f.publish("t", "m-" + i);
            }
            eventually(() -> snapshot(got).size() == 200, "all 200");
            assertEquals(sent, snapshot(got));
        }
    }

    @Test
    void theHandlerRunsOnAVertxEventLoop() throws Exception {
        try (BusFixture f = new BusFixture()) {
            List<String> threads = new ArrayList<>();
            f.subscribe("t", m -> {
                synchronized (threads) {
                    threads.add(Thread.currentThread().getName());
                }
                return Uni.createFrom().voidItem();
            });
            f.publish("t", "x");
            eventually(() -> snapshot(threads).size() == 1, "delivered");
            assertTrue(snapshot(threads).get(0).startsWith("vert.x-eventloop"), snapshot(threads).toString());
        }
    }

    @Test
    void badSettingsAreRefused() {
        for (Map<String, String> bad : List.of(Map.of("concurrency", "0"), Map.of("concurrency", "many"),
                Map.of("redeliverInterval", "0s"), Map.of("redeliverInterval", "soon"))) {
            InMemoryPubSub bus = new InMemoryPubSub();
            Throwable e = assertThrows(Throwable.class, () -> BusFixture.await(bus.init(BusFixture.bind(bad), null)));
            assertTrue(e instanceof MetadataException, bad + ": " + e);
        }
    }
}
