package io.quapr.components.pubsub.aws.snssqs;

import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.TIMEOUT;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.await;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.metadata;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.newName;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.publish;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.start;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.pubsub.Subscription;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One queue per consumerID: apps with different ids each get every message, replicas of one app
 * share them; one queue serves every topic an app subscribes to, each topic to its own handler.
 */
class SnsSqsFanOutTest {

    private static Vertx vertx;

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void tearDown() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void everyAppGetsEveryMessageAndReplicasShareThem() throws Exception {
        String topic = newName("fan");
        String billing = newName("billing");
        List<SnsSqsPubSub> open = new ArrayList<>();
        try {
            SnsSqsPubSub shipping = start(vertx, metadata(Map.of()));
            SnsSqsPubSub billing1 = start(vertx, metadata(Map.of("consumerID", billing)));
            SnsSqsPubSub billing2 = start(vertx, metadata(Map.of("consumerID", billing)));
            open.addAll(List.of(shipping, billing1, billing2));
            SnsSqsTesting.Recorder s = SnsSqsTesting.Recorder.accepting();
            SnsSqsTesting.Recorder b1 = SnsSqsTesting.Recorder.accepting();
            SnsSqsTesting.Recorder b2 = SnsSqsTesting.Recorder.accepting();
            subscribe(shipping, topic, s);
            subscribe(billing1, topic, b1);
            subscribe(billing2, topic, b2);
            for (int i = 0; i < 20; i++) {
                publish(shipping, topic, "m" + i);
            }
            assertTrue(s.await(seen -> seen.size() >= 20, TIMEOUT), "shipping got " + s.texts());
            assertTrue(b1.await(seen -> seen.size() + b2.seen().size() >= 20, TIMEOUT),
                    "billing got " + b1.texts() + " + " + b2.texts());
            Thread.sleep(1500); // past the visibility timeout: an unacknowledged message would come back
            assertEquals(20, Set.copyOf(s.texts()).size());
            assertEquals(20, s.texts().size(), "shipping got a message twice");
            Set<String> shared = new HashSet<>(b1.texts());
            shared.addAll(b2.texts());
            assertEquals(20, shared.size());
            assertEquals(20, b1.texts().size() + b2.texts().size(), "the replicas got a message twice");
        } finally {
            // at once: each close waits for its receive under way
            await(Uni.join().all(open.stream().map(SnsSqsPubSub::close).toList()).andCollectFailures());
        }
    }

    @Test
    void oneQueueServesSeveralTopicsEachToItsHandler() throws Exception {
        String orders = newName("orders");
        String refunds = newName("refunds");
        SnsSqsPubSub app = start(vertx, metadata(Map.of()));
        try {
            SnsSqsTesting.Recorder o = SnsSqsTesting.Recorder.accepting();
            SnsSqsTesting.Recorder r = SnsSqsTesting.Recorder.accepting();
            subscribe(app, orders, o);
            Subscription refundsSubscription = subscribe(app, refunds, r);
            publish(app, orders, "order 1");
            publish(app, refunds, "refund 1");
            assertTrue(o.await(seen -> seen.size() == 1, TIMEOUT));
            assertTrue(r.await(seen -> seen.size() == 1, TIMEOUT));
            assertEquals(List.of("order 1"), o.texts());
            assertEquals(orders, o.seen().get(0).topic());
            assertEquals(List.of("refund 1"), r.texts());
            assertEquals(refunds, r.seen().get(0).topic());

            // the queue keeps receiving refunds, but nothing reaches a cancelled handler
            await(refundsSubscription.cancel());
            publish(app, refunds, "refund 2");
            publish(app, orders, "order 2");
            assertTrue(o.await(seen -> seen.size() == 2, TIMEOUT));
            Thread.sleep(Duration.ofSeconds(2).toMillis());
            assertEquals(List.of("refund 1"), r.texts());

            // subscribing again picks up what waited in the queue meanwhile
            SnsSqsTesting.Recorder again = SnsSqsTesting.Recorder.accepting();
            subscribe(app, refunds, again);
            assertTrue(again.await(seen -> seen.size() == 1, TIMEOUT), "refund 2 did not arrive");
            assertEquals(List.of("refund 2"), again.texts());
        } finally {
            await(app.close());
        }
    }
}
