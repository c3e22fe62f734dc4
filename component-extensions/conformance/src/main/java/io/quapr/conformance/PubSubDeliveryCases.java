package io.quapr.conformance;

import static io.quapr.conformance.PubSubHarness.newTopic;
import static io.quapr.conformance.PubSubHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quapr.spi.pubsub.BulkPublishEntry;
import io.quapr.spi.pubsub.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;

/**
 * Publish and receive: every pub/sub component has them. Data are opaque bytes delivered
 * exactly; the content type arrives exactly when {@code metadata.yaml} lists
 * {@code contentType}, else it arrives exactly or not at all.
 */
final class PubSubDeliveryCases {

    /** A CloudEvent as the sidecar builds one. */
    static final String CLOUD_EVENT = """
            {"specversion":"1.0","id":"6b0f1f2e","source":"conformance","type":"com.dapr.event.sent",\
            "datacontenttype":"application/json","data":{"order":42,"note":"ünïcode"},"topic":"t","pubsubname":"p"}""";

    /** Bytes that are not UTF-8 (a lone continuation byte, an overlong lead) and hold NULs. */
    static final byte[] BINARY = { 0x00, 0x01, (byte) 0xff, (byte) 0xfe, (byte) 0x80, (byte) 0xc3, 0x28, 0x00, 0x7f };

    /** How many messages the volume case publishes at once. */
    static final int MANY = 200;

    private PubSubDeliveryCases() {
    }

    static DynamicContainer cases(PubSubHarness h) {
        return dynamicContainer("delivery", Stream.of(
                dynamicTest("publishing to a topic nobody subscribes to succeeds",
                        () -> h.publish(newTopic(), utf8(CLOUD_EVENT), "application/cloudevents+json")),
                dynamicTest("a CloudEvent, text and binary bytes arrive exactly, on their topic", () -> payloads(h)),
                dynamicTest(h.carriesContentType()
                        ? "the content type of each message arrives exactly (contentType listed)"
                        : "the content type of each message arrives exactly or not at all", () -> contentTypes(h)),
                dynamicTest(MANY + " messages published at once all arrive", () -> many(h)),
                dynamicTest("two subscriptions on different topics each get only their own topic", () -> twoTopics(h)),
                dynamicTest("bulkPublish reports no failure and every entry arrives", () -> bulk(h)),
                dynamicTest("bulkPublish of no entries reports no failure", () -> {
                    Map<String, String> failed = Ops.await(h.pubsub().bulkPublish(newTopic(), List.of(), Map.of()));
                    assertNotNull(failed, "bulkPublish answered null instead of an empty map");
                    assertTrue(failed.isEmpty(), "failures for no entries: " + failed);
                })));
    }

    private static void payloads(PubSubHarness h) throws InterruptedException {
        String topic = newTopic();
        PubSubRecorder r = PubSubRecorder.acceptingAll();
        try {
            h.subscribeLive(topic, r);
            Map<String, byte[]> sent = Map.of("CloudEvent", utf8(CLOUD_EVENT), "text", utf8("plain text, ünïcode ✓"),
                    "binary", BINARY);
            h.publish(topic, sent.get("CloudEvent"), "application/cloudevents+json");
            h.publish(topic, sent.get("text"), "text/plain");
            h.publish(topic, sent.get("binary"), "application/octet-stream");
            for (Map.Entry<String, byte[]> e : sent.entrySet()) {
                h.awaitDelivered(r, e.getValue(), "the " + e.getKey() + " message");
                Message m = r.first(e.getValue());
                assertArrayEquals(e.getValue(), m.data(), e.getKey() + " bytes");
                assertEquals(topic, m.topic(), "Message.topic of the " + e.getKey() + " message");
                assertNotNull(m.metadata(), "Message.metadata is null (Map.of() when there is none)");
            }
        } finally {
            h.cancelAll();
        }
    }

    private static void contentTypes(PubSubHarness h) throws InterruptedException {
        String topic = newTopic();
        PubSubRecorder r = PubSubRecorder.acceptingAll();
        try {
            h.subscribeLive(topic, r);
            List<String> types = List.of("application/cloudevents+json", "application/json", "text/plain",
                    "application/octet-stream", "application/xml; charset=utf-8");
            for (String type : types) {
                h.publish(topic, utf8("content type " + type), type);
            }
            List<String> problems = new ArrayList<>();
            for (String type : types) {
                byte[] data = utf8("content type " + type);
                h.awaitDelivered(r, data, "the message published as " + type);
                String got = r.first(data).contentType();
                boolean ok = h.carriesContentType() ? type.equals(got) : got == null || type.equals(got);
                if (!ok) {
                    problems.add("published as '" + type + "', arrived as '" + got + "'");
                }
            }
            assertTrue(problems.isEmpty(), String.join("; ", problems));
        } finally {
            h.cancelAll();
        }
    }

    private static void many(PubSubHarness h) throws InterruptedException {
        String topic = newTopic();
        PubSubRecorder r = PubSubRecorder.acceptingAll();
        try {
            h.subscribeLive(topic, r);
            List<byte[]> messages = new ArrayList<>();
            for (int i = 0; i < MANY; i++) {
                messages.add(utf8("{\"seq\":" + i + ",\"topic\":\"" + topic + "\"}"));
            }
            h.publishAll(topic, messages, "application/json");
            boolean all = r.await(x -> numbered(x, topic).size() >= MANY, h.timings().delivery());
            if (!all) {
                Set<String> got = numbered(r, topic);
                Set<Integer> missing = new TreeSet<>();
                for (int i = 0; i < MANY; i++) {
                    if (!got.contains(PubSubRecorder.key(messages.get(i)))) {
                        missing.add(i);
                    }
                }
                fail(got.size() + " of " + MANY + " distinct messages arrived within "
                        + h.timings().delivery().toSeconds() + " s; missing seq " + missing);
            }
        } finally {
            h.cancelAll();
        }
    }

    private static Set<String> numbered(PubSubRecorder r, String topic) {
        return r.distinct(m -> !PubSubHarness.isProbe(m) && PubSubRecorder.key(m.data()).contains(topic));
    }

    private static void twoTopics(PubSubHarness h) throws InterruptedException {
        String topicA = newTopic();
        String topicB = newTopic();
        PubSubRecorder a = PubSubRecorder.acceptingAll();
        PubSubRecorder b = PubSubRecorder.acceptingAll();
        try {
            h.subscribeLive(topicA, a);
            h.subscribeLive(topicB, b);
            byte[] forA = utf8("only for " + topicA);
            byte[] forB = utf8("only for " + topicB);
            h.publish(topicA, forA, "text/plain");
            h.publish(topicB, forB, "text/plain");
            h.awaitDelivered(a, forA, "the message for the first topic");
            h.awaitDelivered(b, forB, "the message for the second topic");
            // a crossed message may trail the right one; give it time to show up
            Thread.sleep(Math.min(1000, h.timings().quiet().toMillis()));
            assertOnly(a, topicA, topicB);
            assertOnly(b, topicB, topicA);
        } finally {
            h.cancelAll();
        }
    }

    private static void assertOnly(PubSubRecorder r, String own, String other) {
        for (Message m : r.deliveries()) {
            String text = PubSubRecorder.key(m.data());
            if (text.contains(other) || !own.equals(m.topic())) {
                fail("the subscription to " + own + " got a message of " + other + " (topic '" + m.topic() + "')");
            }
        }
    }

    private static void bulk(PubSubHarness h) throws InterruptedException {
        String topic = newTopic();
        PubSubRecorder r = PubSubRecorder.acceptingAll();
        try {
            h.subscribeLive(topic, r);
            List<BulkPublishEntry> entries = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                entries.add(new BulkPublishEntry("entry-" + i, utf8("{\"bulk\":" + i + ",\"topic\":\"" + topic + "\"}"),
                        "application/json", Map.of()));
            }
            Map<String, String> failed = Ops.await(h.pubsub().bulkPublish(topic, entries, Map.of()));
            assertNotNull(failed, "bulkPublish answered null instead of an empty map");
            assertTrue(failed.isEmpty(), "bulkPublish reported failures: " + failed);
            for (BulkPublishEntry e : entries) {
                h.awaitDelivered(r, e.data(), "bulk " + e.entryId());
                String got = r.first(e.data()).contentType();
                assertTrue(h.carriesContentType()
                        ? "application/json".equals(got)
                        : got == null || "application/json".equals(got),
                        "bulk " + e.entryId() + " published as application/json arrived as '" + got + "'");
            }
        } finally {
            h.cancelAll();
        }
    }
}
