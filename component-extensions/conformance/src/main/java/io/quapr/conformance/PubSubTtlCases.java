package io.quapr.conformance;

import static io.quapr.conformance.PubSubHarness.newTopic;
import static io.quapr.conformance.PubSubHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quapr.spi.pubsub.Subscription;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;

/**
 * {@code ttlInSeconds} for components that claim {@code MESSAGE_TTL}: the broker expires the
 * message itself, on its own clock, so these cases wait in real time. Expiry is only observable
 * for a message nobody consumed while it was alive: the expiry case needs the fixture to say the
 * broker keeps messages while nobody listens ({@code durable-from-start} or
 * {@code durable-subscriptions}), and is skipped with that reason otherwise.
 */
final class PubSubTtlCases {

    /** How long the expiring message sits unconsumed: well past its 1 s TTL. */
    static final Duration UNCONSUMED = Duration.ofSeconds(3);

    private PubSubTtlCases() {
    }

    static DynamicContainer cases(PubSubHarness h) {
        return dynamicContainer("ttl", Stream.of(
                dynamicTest("a message with ttlInSeconds=60 is delivered", () -> {
                    String topic = newTopic();
                    PubSubRecorder r = PubSubRecorder.acceptingAll();
                    try {
                        h.subscribeLive(topic, r);
                        byte[] data = utf8("long ttl " + topic);
                        h.publish(topic, data, "text/plain", Map.of("ttlInSeconds", "60"));
                        h.awaitDelivered(r, data, "the message with a 60 s TTL");
                    } finally {
                        h.cancelAll();
                    }
                }),
                dynamicTest("a message with ttlInSeconds=1 left unconsumed for 3 s is never delivered",
                        () -> expired(h))));
    }

    private static void expired(PubSubHarness h) throws InterruptedException {
        boolean fromStart = h.hints().durableFromStart();
        Assumptions.assumeTrue(fromStart || h.hints().durableSubscriptions(),
                "expiry is observable only for a message kept while nobody listens; the fixture claims neither "
                        + PubSubHints.PREFIX + "durable-from-start nor " + PubSubHints.PREFIX
                        + "durable-subscriptions");
        String topic = newTopic();
        byte[] expiring = utf8("expires after 1 s " + topic);
        byte[] lasting = utf8("no ttl, published after the expiring one " + topic);
        PubSubRecorder r = PubSubRecorder.acceptingAll();
        try {
            if (!fromStart) {
                // make the consumer exist, then leave so the messages wait for it
                PubSubRecorder before = PubSubRecorder.acceptingAll();
                Subscription s = h.subscribeLive(topic, before);
                h.cancel(s, before);
            }
            h.publish(topic, expiring, "text/plain", Map.of("ttlInSeconds", "1"));
            h.publish(topic, lasting, "text/plain");
            Thread.sleep(UNCONSUMED.toMillis());
            h.subscribe(topic, r);
            h.awaitDelivered(r, lasting, "the message without TTL");
            h.quietPeriod();
            assertEquals(0, r.count(expiring), "deliveries of a message whose 1 s TTL had passed");
        } finally {
            h.cancelAll();
        }
    }
}
