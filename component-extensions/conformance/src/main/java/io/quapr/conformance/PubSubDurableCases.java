package io.quapr.conformance;

import static io.quapr.conformance.PubSubHarness.newTopic;
import static io.quapr.conformance.PubSubHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quapr.spi.pubsub.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;

/**
 * What a broker keeps while nobody listens, run only when the fixture's hints say the broker
 * keeps it: publishing before subscribing is broker-specific (Dapr's in-memory drops such
 * messages, Kafka skips them with {@code initialOffset: newest}).
 */
final class PubSubDurableCases {

    private PubSubDurableCases() {
    }

    static List<DynamicTest> cases(PubSubHarness h) {
        List<DynamicTest> tests = new ArrayList<>();
        if (h.hints().durableFromStart()) {
            tests.add(dynamicTest("a message published before the first subscription arrives (durable-from-start)",
                    () -> fromStart(h)));
        }
        if (h.hints().durableSubscriptions()) {
            tests.add(dynamicTest(
                    "messages published while cancelled arrive when subscribed again (durable-subscriptions)",
                    () -> resume(h)));
        }
        return tests;
    }

    private static void fromStart(PubSubHarness h) throws InterruptedException {
        String topic = newTopic();
        byte[] early = utf8("published before anyone subscribed " + topic);
        h.publish(topic, early, "text/plain");
        PubSubRecorder r = PubSubRecorder.acceptingAll();
        try {
            h.subscribe(topic, r);
            h.awaitDelivered(r, early, "the message published before subscribing");
        } finally {
            h.cancelAll();
        }
    }

    private static void resume(PubSubHarness h) throws InterruptedException {
        String topic = newTopic();
        PubSubRecorder first = PubSubRecorder.acceptingAll();
        PubSubRecorder second = PubSubRecorder.acceptingAll();
        try {
            Subscription s = h.subscribeLive(topic, first);
            h.cancel(s, first);
            List<byte[]> meanwhile = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                meanwhile.add(utf8("while cancelled " + i + " " + topic));
            }
            h.publishAll(topic, meanwhile, "text/plain");
            h.subscribe(topic, second);
            for (byte[] m : meanwhile) {
                h.awaitDelivered(second, m, "'" + new String(m, StandardCharsets.UTF_8) + "'");
            }
            assertEquals(List.of(), first.deliveredAfterCancel(), "handed to the cancelled subscription");
        } finally {
            h.cancelAll();
        }
    }
}
