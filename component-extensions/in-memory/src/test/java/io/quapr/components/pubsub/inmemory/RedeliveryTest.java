package io.quapr.components.pubsub.inmemory;

import static io.quapr.components.pubsub.inmemory.BusFixture.eventually;
import static io.quapr.components.pubsub.inmemory.BusFixture.recording;
import static io.quapr.components.pubsub.inmemory.BusFixture.snapshot;
import static io.quapr.components.pubsub.inmemory.BusFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.pubsub.Subscription;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RedeliveryTest {

    @Test
    void aFailedMessageComesBackUntilItsHandlerSucceeds() throws Exception {
        try (BusFixture f = new BusFixture(Map.of("redeliverInterval", "20ms"))) {
            AtomicInteger attempts = new AtomicInteger();
            List<String> accepted = new ArrayList<>();
            f.subscribe("t", m -> {
                if (text(m).equals("poison") && attempts.incrementAndGet() <= 4) {
                    return Uni.createFrom().failure(new IllegalStateException("sidecar busy"));
                }
                synchronized (accepted) {
                    accepted.add(text(m));
                }
                return Uni.createFrom().voidItem();
            });
            f.publish("t", "poison");
            f.publish("t", "fine");
            eventually(() -> snapshot(accepted).contains("poison"), "the poison message accepted in the end");
            assertEquals(5, attempts.get(), "four failures then one success");
            assertEquals(List.of("fine", "poison"), snapshot(accepted), "the next message did not wait for it");
            Thread.sleep(200);
            assertEquals(5, attempts.get(), "delivered again after it was accepted");
        }
    }

    @Test
    void aHandlerThatThrowsOrAnswersNullCountsAsAFailure() throws Exception {
        try (BusFixture f = new BusFixture(Map.of("redeliverInterval", "10ms"))) {
            AtomicInteger calls = new AtomicInteger();
            List<String> done = new ArrayList<>();
            f.subscribe("t", m -> {
                int n = calls.incrementAndGet();
                if (n == 1) {
                    throw new IllegalStateException("thrown, not returned");
                }
                if (n == 2) {
                    return null;
                }
                return recording(done).handle(m);
            });
            f.publish("t", "x");
            eventually(() -> snapshot(done).contains("x"), "accepted on the third try");
            assertEquals(3, calls.get());
        }
    }

    @Test
    void theWaitDoublesPerFailureUpToAMinute() {
        Duration second = Duration.ofSeconds(1);
        assertEquals(second, TopicSubscription.backoff(second, 0));
        assertEquals(Duration.ofSeconds(2), TopicSubscription.backoff(second, 1));
        assertEquals(Duration.ofSeconds(32), TopicSubscription.backoff(second, 5));
        assertEquals(Duration.ofMinutes(1), TopicSubscription.backoff(second, 6));
        assertEquals(Duration.ofMinutes(1), TopicSubscription.backoff(second, 1_000_000));
        assertEquals(Duration.ofMinutes(5), TopicSubscription.backoff(Duration.ofMinutes(5), 3),
                "an interval above the cap is used as it is");
    }

    @Test
    void cancelStopsDeliveryAndRedelivery() throws Exception {
        try (BusFixture f = new BusFixture(Map.of("redeliverInterval", "100ms"))) {
            AtomicInteger calls = new AtomicInteger();
            Subscription s = f.subscribe("t", m -> {
                calls.incrementAndGet();
                return Uni.createFrom().failure(new IllegalStateException("no"));
            });
            f.publish("t", "x");
            eventually(() -> calls.get() == 1, "first delivery");
            BusFixture.await(s.cancel());
            f.publish("t", "y");
            Thread.sleep(400);
            assertEquals(1, calls.get(), "handed over after cancel");
            BusFixture.await(s.cancel()); // twice is fine
        }
    }

    @Test
    void closeCancelsEverythingAndRefusesPublishing() throws Exception {
        BusFixture f = new BusFixture();
        List<String> got = new ArrayList<>();
        f.subscribe("t", recording(got));
        f.close();
        Throwable e = assertThrows(Throwable.class, () -> f.publish("t", "late"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertEquals(List.of(), snapshot(got));
    }
}
