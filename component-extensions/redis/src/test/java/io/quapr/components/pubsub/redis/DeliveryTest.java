package io.quapr.components.pubsub.redis;

import static io.quapr.components.pubsub.redis.StreamFixture.APP_ID;
import static io.quapr.components.pubsub.redis.StreamFixture.WAIT;
import static io.quapr.components.pubsub.redis.StreamFixture.await;
import static io.quapr.components.pubsub.redis.StreamFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.pubsub.PublishRequest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every message reaches the handler and is acknowledged; the consumer group is the app id (or
 * {@code consumerID}) and starts at the stream's beginning, as daprd's does; at most
 * {@code concurrency} messages are with the handler and at most {@code queueDepth} more are read
 * ahead.
 */
class DeliveryTest {

    @RegisterExtension
    final StreamFixture redis = new StreamFixture();

    @Test
    void manyMessagesPublishedAtOnceArriveOnceAndAreAcknowledged() throws InterruptedException {
        String topic = redis.topic("many");
        RedisPubSub pubsub = redis.pubsub(Map.of());
        Recorder r = Recorder.accepting();
        redis.subscribe(pubsub, topic, r);

        List<Uni<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            sends.add(pubsub.publish(new PublishRequest(topic, StreamFixture.utf8("m" + i), "text/plain", Map.of())));
        }
        await(Uni.join().all(sends).andFailFast());

        assertTrue(eventually(WAIT, () -> r.distinct() == 500), "delivered: " + r.distinct());
        assertTrue(eventually(WAIT, () -> redis.pendingCount(topic, APP_ID) == 0), "all acknowledged");
        assertEquals(500, r.total(), "none twice");
    }

    @Test
    void theGroupIsTheAppIdAndStartsAtTheBeginningOfTheStream() throws InterruptedException {
        String topic = redis.topic("early");
        RedisPubSub pubsub = redis.pubsub(Map.of());
        StreamFixture.publish(pubsub, topic, "before anyone subscribed");

        Recorder r = Recorder.accepting();
        redis.subscribe(pubsub, topic, r);

        assertTrue(r.awaitCount("before anyone subscribed", 1, WAIT));
        Response groups = redis.raw(Command.XINFO, "GROUPS", topic);
        assertEquals(1, groups.size());
        assertEquals(APP_ID, groups.get(0).get("name").toString());
    }

    @Test
    void consumerIdNamesTheGroupAndTheConsumer() throws InterruptedException {
        String topic = redis.topic("named");
        RedisPubSub pubsub = redis.pubsub(Map.of("consumerID", "orders-group"));
        Recorder r = Recorder.accepting();
        redis.subscribe(pubsub, topic, r);
        StreamFixture.publish(pubsub, topic, "hello");
        assertTrue(r.awaitCount("hello", 1, WAIT));

        assertEquals("orders-group", redis.raw(Command.XINFO, "GROUPS", topic).get(0).get("name").toString());
        Response consumers = redis.raw(Command.XINFO, "CONSUMERS", topic, "orders-group");
        assertEquals("orders-group", consumers.get(0).get("name").toString());
    }

    @Test
    void twoAppsEachGetEveryMessageAndTwoReplicasShareThem() throws InterruptedException {
        String topic = redis.topic("fan-out");
        RedisPubSub publisher = redis.pubsub(Map.of());
        Recorder appA = Recorder.accepting();
        Recorder appB = Recorder.accepting();
        Recorder appBReplica = Recorder.accepting();
        redis.subscribe(redis.pubsub(Map.of("consumerID", "a")), topic, appA);
        redis.subscribe(redis.pubsub(Map.of("consumerID", "b")), topic, appB);
        redis.subscribe(redis.pubsub(Map.of("consumerID", "b")), topic, appBReplica);
        for (int i = 0; i < 100; i++) {
            StreamFixture.publish(publisher, topic, "m" + i);
        }

        assertTrue(eventually(WAIT, () -> appA.distinct() == 100));
        assertTrue(eventually(WAIT, () -> appB.distinct() + appBReplica.distinct() == 100),
                appB.distinct() + " + " + appBReplica.distinct());
    }

    @Test
    void atMostConcurrencyMessagesAreWithTheHandler() throws InterruptedException {
        String topic = redis.topic("bounded");
        ConcurrentLinkedQueue<UniEmitter<? super Void>> held = new ConcurrentLinkedQueue<>();
        Recorder r = new Recorder((text, n) -> Uni.createFrom().<Void>emitter(held::add));
        RedisPubSub pubsub = redis.pubsub(Map.of("concurrency", "3", "queueDepth", "5"));
        redis.subscribe(pubsub, topic, r);
        for (int i = 0; i < 40; i++) {
            StreamFixture.publish(pubsub, topic, "m" + i);
        }

        assertTrue(eventually(WAIT, () -> r.total() == 3));
        // the read-ahead stops at queueDepth: 3 with the handler, 5 buffered, the rest unread
        assertTrue(eventually(WAIT, () -> redis.pendingCount(topic, APP_ID) == 8),
                "pending: " + redis.pendingCount(topic, APP_ID));
        Thread.sleep(300);
        assertEquals(3, r.total(), "no fourth message while three are held");
        assertEquals(8, redis.pendingCount(topic, APP_ID));

        // release messages as they come: all arrive, never more than three at once
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (r.distinct() < 40 || !held.isEmpty()) {
            UniEmitter<? super Void> e = held.poll();
            if (e != null) {
                e.complete(null);
            } else {
                Thread.sleep(5);
            }
            assertTrue(System.nanoTime() < deadline, "delivered " + r.distinct());
        }
        assertEquals(3, r.maxInFlight());
        assertTrue(eventually(WAIT, () -> redis.pendingCount(topic, APP_ID) == 0));
    }

    @Test
    void publishingToAStreamNobodyReadsSucceeds() {
        String topic = redis.topic("nobody");
        StreamFixture.publish(redis.pubsub(Map.of()), topic, "into the void");
        assertEquals(1L, redis.raw(Command.XLEN, topic).toLong());
        assertEquals(0, redis.raw(Command.XINFO, "GROUPS", topic).size());
    }

    @Test
    void readTimeoutIsTheBlockOfEachRead() throws InterruptedException {
        // a short block makes the reader ask again and again: messages still arrive once
        String topic = redis.topic("short-block");
        RedisPubSub pubsub = redis.pubsub(Map.of("readTimeout", "50ms"));
        Recorder r = Recorder.accepting();
        redis.subscribe(pubsub, topic, r);
        Thread.sleep(300);
        StreamFixture.publish(pubsub, topic, "after a few empty reads");
        assertTrue(r.awaitCount("after a few empty reads", 1, Duration.ofSeconds(5)));
    }
}
