package io.quapr.conformance;

import static io.quapr.conformance.PubSubHarness.newTopic;
import static io.quapr.conformance.PubSubHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;

/**
 * Wildcard subscriptions for components that claim {@code SUBSCRIBE_WILDCARDS}. Brokers spell
 * wildcards differently; the fixture's hints {@code wildcard-subscribe} and
 * {@code wildcard-matches} give the spelling, Dapr's in-memory one ({@code {base}/*}) by default.
 */
final class PubSubWildcardCases {

    private PubSubWildcardCases() {
    }

    static DynamicContainer cases(PubSubHarness h) {
        return dynamicContainer("wildcards", Stream.of(
                dynamicTest("a wildcard subscription gets every matching topic, each message on its own topic, "
                        + "and no other topic", () -> matches(h))));
    }

    private static void matches(PubSubHarness h) throws InterruptedException {
        String base = newTopic();
        String pattern = h.hints().wildcardSubscribe().replace("{base}", base);
        List<String> topics = h.hints().wildcardMatches().stream().map(t -> t.replace("{base}", base)).toList();
        String miss = base + "-not/a";
        PubSubRecorder r = PubSubRecorder.acceptingAll();
        try {
            h.subscribe(pattern, r);
            h.awaitLive(topics.get(0), r);
            h.publish(miss, utf8("must not match " + miss), "text/plain");
            for (String topic : topics) {
                h.publish(topic, utf8("sent to " + topic), "text/plain");
            }
            for (String topic : topics) {
                byte[] data = utf8("sent to " + topic);
                h.awaitDelivered(r, data, "the message sent to " + topic + " (subscribed as " + pattern + ")");
                assertEquals(topic, r.first(data).topic(), "Message.topic is the topic published to");
            }
            Thread.sleep(Math.min(1000, h.timings().quiet().toMillis()));
            assertEquals(0, r.count(utf8("must not match " + miss)), pattern + " received a message of " + miss);
        } finally {
            h.cancelAll();
        }
    }
}
