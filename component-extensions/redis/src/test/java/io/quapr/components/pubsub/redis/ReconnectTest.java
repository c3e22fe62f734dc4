package io.quapr.components.pubsub.redis;

import static io.quapr.components.pubsub.redis.StreamFixture.APP_ID;
import static io.quapr.components.pubsub.redis.StreamFixture.WAIT;
import static io.quapr.components.pubsub.redis.StreamFixture.await;
import static io.quapr.components.pubsub.redis.StreamFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.pubsub.Subscription;
import io.vertx.redis.client.Command;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The subscription's read loop survives losing its connection: the server drops it
 * ({@code CLIENT KILL}, as a restart or a proxy would), the loop reconnects with back-off and
 * reads on with the same group. The reader's connection is its own, named
 * {@code quapr-sub:<consumer>:<topic>}, and cancelling closes it.
 */
class ReconnectTest {

    @RegisterExtension
    final StreamFixture redis = new StreamFixture();

    /** The id of the connection named so, from {@code CLIENT LIST}; {@code null} if none. */
    private String clientId(String name) {
        for (String line : redis.raw(Command.CLIENT, "LIST").toString().split("\n")) {
            if (line.contains(" name=" + name + " ")) {
                for (String field : line.split(" ")) {
                    if (field.startsWith("id=")) {
                        return field.substring(3);
                    }
                }
            }
        }
        return null;
    }

    @Test
    void aKilledReaderConnectionIsReplacedAndNothingIsLost() throws InterruptedException {
        String topic = redis.topic("killed");
        RedisPubSub pubsub = redis.pubsub(Map.of("processingTimeout", "500ms", "redeliverInterval", "100ms"));
        Recorder r = Recorder.accepting();
        redis.subscribe(pubsub, topic, r);
        StreamFixture.publish(pubsub, topic, "before");
        assertTrue(r.awaitCount("before", 1, WAIT));

        String name = StreamReader.clientName(APP_ID, topic);
        String before = clientId(name);
        assertNotNull(before, "the reader's connection is named " + name);
        redis.raw(Command.CLIENT, "KILL", "ID", before);
        for (int i = 0; i < 20; i++) {
            StreamFixture.publish(pubsub, topic, "after " + i);
        }

        assertTrue(eventually(WAIT, () -> r.distinct() == 21), "delivered: " + r.distinct());
        String after = clientId(name);
        assertNotNull(after);
        assertNotEquals(before, after);
        assertTrue(eventually(WAIT, () -> redis.pendingCount(topic, APP_ID) == 0));
    }

    @Test
    void killingTheReaderRepeatedlyLosesNothing() throws InterruptedException {
        String topic = redis.topic("flapping");
        RedisPubSub pubsub = redis.pubsub(Map.of("processingTimeout", "300ms", "redeliverInterval", "100ms"));
        Recorder r = Recorder.accepting();
        redis.subscribe(pubsub, topic, r);
        String name = StreamReader.clientName(APP_ID, topic);
        for (int i = 0; i < 200; i++) {
            StreamFixture.publish(pubsub, topic, "m" + i);
            if (i % 40 == 0) {
                String id = clientId(name);
                if (id != null) {
                    redis.raw(Command.CLIENT, "KILL", "ID", id);
                }
            }
        }
        assertTrue(eventually(WAIT, () -> r.distinct() == 200), "delivered: " + r.distinct());
        assertTrue(eventually(WAIT, () -> redis.pendingCount(topic, APP_ID) == 0));
    }

    @Test
    void aGroupDeletedUnderTheReaderIsCreatedAgain() throws InterruptedException {
        String topic = redis.topic("nogroup");
        RedisPubSub pubsub = redis.pubsub(Map.of());
        Recorder r = Recorder.accepting();
        redis.subscribe(pubsub, topic, r);
        StreamFixture.publish(pubsub, topic, "first");
        assertTrue(r.awaitCount("first", 1, WAIT));

        // as after a server that lost its data: the group is gone
        redis.raw(Command.XGROUP, "DESTROY", topic, APP_ID);
        // the blocked read ends with the group; the loop sees NOGROUP on its next read
        String id = clientId(StreamReader.clientName(APP_ID, topic));
        if (id != null) {
            redis.raw(Command.CLIENT, "KILL", "ID", id);
        }
        assertTrue(eventually(WAIT, () -> redis.raw(Command.XINFO, "GROUPS", topic).size() == 1), "group again");
        StreamFixture.publish(pubsub, topic, "second");
        assertTrue(r.awaitCount("second", 1, WAIT));
    }

    @Test
    void cancelClosesTheReaderConnection() throws InterruptedException {
        String topic = redis.topic("closed");
        RedisPubSub pubsub = redis.pubsub(Map.of());
        Recorder r = Recorder.accepting();
        Subscription s = redis.subscribe(pubsub, topic, r);
        StreamFixture.publish(pubsub, topic, "one");
        assertTrue(r.awaitCount("one", 1, WAIT));
        String name = StreamReader.clientName(APP_ID, topic);
        assertNotNull(clientId(name));

        await(s.cancel());
        assertTrue(eventually(WAIT, () -> clientId(name) == null), "the connection is closed");
        StreamFixture.publish(pubsub, topic, "two");
        Thread.sleep(300);
        assertEquals(1, r.total());
        assertNull(clientId(name), "and not opened again");
    }

    @Test
    void closeCancelsEverySubscriptionAndClosesTheirConnections() throws InterruptedException {
        String a = redis.topic("close-a");
        String b = redis.topic("close-b");
        RedisPubSub pubsub = redis.pubsub(Map.of());
        Recorder r = Recorder.accepting();
        redis.subscribe(pubsub, a, r);
        redis.subscribe(pubsub, b, r);
        StreamFixture.publish(pubsub, a, "a");
        StreamFixture.publish(pubsub, b, "b");
        assertTrue(eventually(WAIT, () -> r.total() == 2));

        await(pubsub.close());
        assertTrue(eventually(WAIT, () -> clientId(StreamReader.clientName(APP_ID, a)) == null
                && clientId(StreamReader.clientName(APP_ID, b)) == null));
        redis.raw(Command.XADD, a, "*", "data", "after close");
        Thread.sleep(300);
        assertEquals(2, r.total());
    }
}
