package io.quapr.components.pubsub.redis;

import static io.quapr.components.pubsub.redis.StreamFixture.APP_ID;
import static io.quapr.components.pubsub.redis.StreamFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.pubsub.PublishRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A real broker restart: a private {@code redis-server} is stopped and started again while
 * messages are published and consumed. The subscription reconnects and resumes with its group;
 * every publish the broker accepted is delivered, none is lost.
 */
class BrokerRestartTest {

    private PrivateRedisServer server;
    private StreamFixture redis;

    @AfterEach
    void stop() throws Exception {
        try {
            if (redis != null) {
                redis.afterEach(null);
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void theSubscriptionResumesAfterTheServerRestartsAndNothingAcceptedIsLost() throws Exception {
        Assumptions.assumeTrue(PrivateRedisServer.available(), "redis-server is not on the PATH");
        server = new PrivateRedisServer();
        server.start();
        redis = new StreamFixture(server.host());
        String topic = redis.topic("restart");
        // no retries inside a publish: the test itself publishes again, as a publisher would
        RedisPubSub pubsub = redis.pubsub(Map.of("processingTimeout", "500ms", "redeliverInterval", "200ms",
                "redisMaxRetries", "-1", "readTimeout", "1s"));
        Recorder r = Recorder.accepting();
        redis.subscribe(pubsub, topic, r);

        List<String> accepted = new ArrayList<>();
        int failedAttempts = 0;
        for (int i = 0; i < 300; i++) {
            if (i == 100) {
                server.stop();
            }
            if (i == 110) {
                server.start();
            }
            String text = "m" + i;
            try {
                pubsub.publish(new PublishRequest(topic, StreamFixture.utf8(text), "text/plain", Map.of()))
                        .await().atMost(Duration.ofSeconds(5));
                accepted.add(text);
            } catch (RuntimeException e) {
                failedAttempts++;
            }
            if (i >= 100 && i < 110) {
                Thread.sleep(50);
            }
        }

        assertTrue(failedAttempts >= 1, "publishing failed while the server was down");
        // the client needs a moment to reconnect after the restart (a few publishes right after it
        // may still fail); well after it, every publish is accepted
        assertTrue(accepted.size() >= 270, "accepted " + accepted.size());
        for (int i = 200; i < 300; i++) {
            assertTrue(accepted.contains("m" + i), "m" + i + " was refused long after the restart");
        }
        assertTrue(eventually(Duration.ofSeconds(30), () -> accepted.stream().allMatch(t -> r.count(t) >= 1)),
                "not delivered: " + accepted.stream().filter(t -> r.count(t) == 0).toList());
        assertTrue(eventually(Duration.ofSeconds(30), () -> redis.pendingCount(topic, APP_ID) == 0));
        assertEquals(accepted.size(), accepted.stream().filter(t -> r.count(t) >= 1).count());
    }
}
