package io.quapr.components.pubsub.redis;

import static io.quapr.components.pubsub.redis.StreamFixture.APP_ID;
import static io.quapr.components.pubsub.redis.StreamFixture.WAIT;
import static io.quapr.components.pubsub.redis.StreamFixture.await;
import static io.quapr.components.pubsub.redis.StreamFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.pubsub.Subscription;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.redis.client.Command;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A message the handler did not accept stays pending and comes back once it has been pending for
 * {@code processingTimeout} (looked for every {@code redeliverInterval}); an accepted one is
 * acknowledged and never comes back. The component never retries by itself beyond that.
 */
class RedeliveryTest {

    // quick redelivery, so the tests wait well under a second for it
    private static final Map<String, String> QUICK = Map.of("processingTimeout", "300ms", "redeliverInterval",
            "100ms");

    @RegisterExtension
    final StreamFixture redis = new StreamFixture();

    @Test
    void aRejectedMessageComesBackAndIsAcknowledgedOnceAccepted() throws InterruptedException {
        String topic = redis.topic("rejected");
        RedisPubSub pubsub = redis.pubsub(QUICK);
        Recorder r = Recorder.rejectingFirst();
        redis.subscribe(pubsub, topic, r);
        StreamFixture.publish(pubsub, topic, "poison once");
        StreamFixture.publish(pubsub, topic, "the one after");

        assertTrue(r.awaitCount("poison once", 2, WAIT), "redelivered");
        assertTrue(r.awaitCount("the one after", 2, WAIT), "each rejected once, each redelivered");
        assertTrue(eventually(WAIT, () -> redis.pendingCount(topic, APP_ID) == 0), "acknowledged when accepted");
        Thread.sleep(800);
        assertEquals(2, r.count("poison once"), "not again once accepted");
    }

    @Test
    void aHandlerThatNeverAnswersGivesTheMessageUpAfterProcessingTimeout() throws InterruptedException {
        String topic = redis.topic("stuck");
        RedisPubSub pubsub = redis.pubsub(QUICK);
        Recorder r = new Recorder((text, n) -> n == 1 ? Uni.createFrom().nothing() : Uni.createFrom().voidItem());
        redis.subscribe(pubsub, topic, r);
        StreamFixture.publish(pubsub, topic, "hangs the first time");

        assertTrue(r.awaitCount("hangs the first time", 2, WAIT));
        assertTrue(eventually(WAIT, () -> redis.pendingCount(topic, APP_ID) == 0));
    }

    @Test
    void aSlowHandlerIsGivenUpAfterProcessingTimeoutAndNotBefore() throws InterruptedException {
        String topic = redis.topic("slow");
        RedisPubSub pubsub = redis.pubsub(Map.of("processingTimeout", "1s", "redeliverInterval", "50ms"));
        Recorder r = new Recorder((text, n) -> n == 1 ? Uni.createFrom().nothing() : Uni.createFrom().voidItem());
        redis.subscribe(pubsub, topic, r);
        StreamFixture.publish(pubsub, topic, "slow");
        assertTrue(r.awaitCount("slow", 1, WAIT));
        Thread.sleep(300);
        assertEquals(1, r.count("slow"), "not redelivered while the handler still has time");
        assertTrue(r.awaitCount("slow", 2, WAIT), "given up after processingTimeout and redelivered");
    }

    @Test
    void messagesWaitingLongerThanProcessingTimeoutAreNotHandedOverTwice() throws InterruptedException {
        // one slot, and every first delivery hangs until processingTimeout gives it up: the
        // messages behind wait in the buffer well past processingTimeout, pending and idle in
        // Redis, and the reclaimer must leave them to the buffer
        String topic = redis.topic("queued");
        RedisPubSub pubsub = redis.pubsub(Map.of("processingTimeout", "300ms", "redeliverInterval", "50ms",
                "concurrency", "1"));
        Recorder r = new Recorder((text, n) -> n == 1 ? Uni.createFrom().nothing() : Uni.createFrom().voidItem());
        redis.subscribe(pubsub, topic, r);
        for (int i = 0; i < 4; i++) {
            StreamFixture.publish(pubsub, topic, "m" + i);
        }

        assertTrue(eventually(WAIT, () -> redis.pendingCount(topic, APP_ID) == 0 && r.total() >= 8));
        Thread.sleep(500);
        for (int i = 0; i < 4; i++) {
            assertEquals(2, r.count("m" + i), "m" + i + ": once given up, once accepted");
        }
    }

    @Test
    void zeroProcessingTimeoutDisablesRedelivery() throws InterruptedException {
        String topic = redis.topic("no-redelivery");
        RedisPubSub pubsub = redis.pubsub(Map.of("processingTimeout", "0", "redeliverInterval", "100ms"));
        Recorder r = Recorder.rejectingFirst();
        redis.subscribe(pubsub, topic, r);
        StreamFixture.publish(pubsub, topic, "rejected for good");

        assertTrue(r.awaitCount("rejected for good", 1, WAIT));
        Thread.sleep(700);
        assertEquals(1, r.count("rejected for good"));
        assertEquals(1, redis.pendingCount(topic, APP_ID), "left pending, as daprd leaves it");
    }

    @Test
    void messagesAnEarlierConsumerLeftPendingAreRedelivered() throws InterruptedException {
        String topic = redis.topic("left-over");
        // an earlier sidecar of this app read two entries and stopped before acknowledging them
        redis.raw(Command.XGROUP, "CREATE", topic, APP_ID, "0", "MKSTREAM");
        redis.raw(Command.XADD, topic, "*", "data", "read, never acknowledged 1", "metadata", "{}");
        redis.raw(Command.XADD, topic, "*", "data", "read, never acknowledged 2", "metadata", "{}");
        redis.raw(Command.XREADGROUP, "GROUP", APP_ID, APP_ID, "COUNT", "10", "STREAMS", topic, ">");
        assertEquals(2, redis.pendingCount(topic, APP_ID));

        Recorder r = Recorder.accepting();
        redis.subscribe(redis.pubsub(QUICK), topic, r);

        assertTrue(r.awaitCount("read, never acknowledged 1", 1, WAIT));
        assertTrue(r.awaitCount("read, never acknowledged 2", 1, WAIT));
        assertTrue(eventually(WAIT, () -> redis.pendingCount(topic, APP_ID) == 0));
    }

    @Test
    void aPendingEntryDeletedFromTheStreamIsDroppedFromThePendingList() throws InterruptedException {
        String topic = redis.topic("trimmed");
        redis.raw(Command.XGROUP, "CREATE", topic, APP_ID, "0", "MKSTREAM");
        String id = redis.raw(Command.XADD, topic, "*", "data", "deleted while pending").toString();
        redis.raw(Command.XADD, topic, "*", "data", "still there");
        redis.raw(Command.XREADGROUP, "GROUP", APP_ID, APP_ID, "COUNT", "10", "STREAMS", topic, ">");
        redis.raw(Command.XDEL, topic, id);

        Recorder r = Recorder.accepting();
        redis.subscribe(redis.pubsub(QUICK), topic, r);

        assertTrue(r.awaitCount("still there", 1, WAIT));
        assertTrue(eventually(WAIT, () -> redis.pendingCount(topic, APP_ID) == 0));
        assertEquals(1, r.total(), "the deleted entry cannot be delivered");
    }

    @Test
    void cancelStopsDeliveryAndLeavesWhatWasInFlightPending() throws InterruptedException {
        String topic = redis.topic("cancelled");
        RedisPubSub pubsub = redis.pubsub(QUICK);
        CompletableFuture<UniEmitter<? super Void>> inFlight = new CompletableFuture<>();
        Recorder first = new Recorder((text, n) -> Uni.createFrom().<Void>emitter(inFlight::complete));
        Subscription s = redis.subscribe(pubsub, topic, first);
        StreamFixture.publish(pubsub, topic, "in flight at cancel");
        assertTrue(first.awaitCount("in flight at cancel", 1, WAIT));

        await(s.cancel());
        StreamFixture.publish(pubsub, topic, "after cancel");
        // the sidecar answers after cancel: the message is not acknowledged, as the SPI says
        inFlight.join().complete(null);
        Thread.sleep(700);
        assertEquals(1, first.total(), "nothing handed over after cancel");
        assertEquals(1, redis.pendingCount(topic, APP_ID));

        Recorder second = Recorder.accepting();
        redis.subscribe(pubsub, topic, second);
        assertTrue(second.awaitCount("in flight at cancel", 1, WAIT), "redelivered to the next subscription");
        assertTrue(second.awaitCount("after cancel", 1, WAIT), "kept by the group meanwhile");
        assertTrue(eventually(WAIT, () -> redis.pendingCount(topic, APP_ID) == 0));
    }

    @Test
    void bareNumbersAreMilliseconds() throws InterruptedException {
        String topic = redis.topic("millis");
        RedisPubSub pubsub = redis.pubsub(Map.of("processingTimeout", "300", "redeliverInterval", "100"));
        Recorder r = Recorder.rejectingFirst();
        redis.subscribe(pubsub, topic, r);
        StreamFixture.publish(pubsub, topic, "soon again");
        assertTrue(r.awaitCount("soon again", 2, Duration.ofSeconds(5)));
    }
}
