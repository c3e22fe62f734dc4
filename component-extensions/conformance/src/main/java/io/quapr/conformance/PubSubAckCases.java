package io.quapr.conformance;

import static io.quapr.conformance.PubSubHarness.newTopic;
import static io.quapr.conformance.PubSubHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quapr.spi.pubsub.Message;
import io.quapr.spi.pubsub.Subscription;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;

/**
 * The handler's outcome decides acknowledgement: an accepted message is not delivered again, a
 * rejected one is (the broker's redelivery, within the fixture's {@code redelivery-within}), and
 * a rejected message does not hold back the ones behind it. {@code cancel()} stops delivery.
 */
final class PubSubAckCases {

    private PubSubAckCases() {
    }

    static DynamicContainer cases(PubSubHarness h) {
        return dynamicContainer("acknowledgement", Stream.of(
                dynamicTest("an accepted message is not delivered again", () -> accepted(h)),
                dynamicTest("a rejected message is delivered again, then not again once accepted; the next one arrives",
                        () -> rejected(h)),
                dynamicTest("after cancel() completes, nothing more is handed to the handler", () -> cancel(h))));
    }

    private static void accepted(PubSubHarness h) throws InterruptedException {
        String topic = newTopic();
        PubSubRecorder r = PubSubRecorder.acceptingAll();
        try {
            h.subscribeLive(topic, r);
            byte[] data = utf8("accept me once " + topic);
            h.publish(topic, data, "text/plain");
            h.awaitDelivered(r, data, "the message");
            h.quietPeriod();
            assertNoDuplicates(r, h);
        } finally {
            h.cancelAll();
        }
    }

    private static void rejected(PubSubHarness h) throws InterruptedException {
        String topic = newTopic();
        byte[] poison = utf8("reject me once " + topic);
        byte[] next = utf8("after the rejected one " + topic);
        PubSubRecorder r = new PubSubRecorder((m, n) -> n > 1 || !Arrays.equals(m.data(), poison));
        try {
            h.subscribeLive(topic, r);
            h.publish(topic, poison, "text/plain");
            h.publish(topic, next, "text/plain");
            h.awaitDelivered(r, poison, "the message to reject");
            if (!r.awaitCount(poison, 2, h.hints().redeliveryWithin())) {
                fail("a message whose handler failed was not delivered again within "
                        + h.hints().redeliveryWithin().toSeconds() + " s (fixture hint "
                        + PubSubHints.PREFIX + "redelivery-within)");
            }
            h.awaitDelivered(r, next, "the message published after the rejected one");
            h.quietPeriod();
            // only the rejected message is held to a count: a broker that redelivers from the
            // rejected position (Kafka seeking back) may replay what followed it, as
            // at-least-once allows
            assertEquals(2, r.count(poison), "deliveries of the message rejected once then accepted, watched "
                    + h.timings().quiet().toSeconds() + " s after acceptance");
        } finally {
            h.cancelAll();
        }
    }

    /**
     * Fails if any bytes (probes included) were handed over more than once: with every message
     * accepted and a quiet broker, a redelivery means the component did not acknowledge.
     */
    private static void assertNoDuplicates(PubSubRecorder r, PubSubHarness h) {
        Map<String, Integer> extra = new TreeMap<>();
        for (Message m : r.deliveries()) {
            String key = PubSubRecorder.key(m.data());
            int times = r.count(m.data());
            if (times > 1) {
                extra.put(PubSubHarness.isProbe(m) ? key : shorten(key), times);
            }
        }
        assertTrue(extra.isEmpty(), "delivered again although accepted (message → deliveries, watched "
                + h.timings().quiet().toSeconds() + " s after acceptance): " + extra);
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }

    private static void cancel(PubSubHarness h) throws InterruptedException {
        String topic = newTopic();
        PubSubRecorder r = PubSubRecorder.acceptingAll();
        try {
            Subscription s = h.subscribeLive(topic, r);
            h.cancel(s, r);
            for (int i = 0; i < 5; i++) {
                h.publish(topic, utf8("after cancel " + i + " " + topic), "text/plain");
            }
            h.quietPeriod();
            assertEquals(List.of(), r.deliveredAfterCancel(), "handed over after cancel() completed");
        } finally {
            h.cancelAll();
        }
    }
}
