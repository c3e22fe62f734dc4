package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dapr.client.DaprClient;
import io.dapr.client.DaprPreviewClient;
import io.dapr.client.domain.BulkPublishResponse;
import io.dapr.client.domain.ComponentMetadata;
import io.dapr.client.domain.DaprMetadata;
import io.dapr.client.domain.PublishEventRequest;
import io.dapr.client.domain.SubscriptionMetadata;
import io.dapr.exceptions.DaprException;
import io.quapr.e2e.SubscriberApp.Delivery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Mono;

/**
 * "Changing the broker is a YAML edit": these pub/sub tests, through the official Dapr SDKs, run
 * unchanged against each broker folder of {@link TestBroker}, one small subclass per broker
 * ({@code InMemoryPubSubIT}, {@code RedisPubSubIT}, ...). Per class: one {@link SubscriberApp}
 * (the subscribing app, in this JVM) and one packaged sidecar pointed at it with
 * {@code --app-port}, whose delivery retries are made short ({@value #ATTEMPTS} attempts,
 * 50 ms doubling up to 200 ms) so that retries and dead letters are seen quickly.
 *
 * <p>The app subscribes programmatically to the orders topic (a CEL rule on {@code event.data}
 * to {@code /special}, default {@code /orders}, dead letters to the dead topic, which it also
 * subscribes to) and to a raw-payload topic; the broker folder's {@code Subscription} subscribes
 * it declaratively to a fourth topic. Before the tests, every topic is published to until a
 * message arrives, so brokers that only keep messages for subscriptions already bound (RabbitMQ,
 * in-memory) lose nothing the tests send.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PubSubTests {

    /** Deliveries of one message the sidecar makes before dead-lettering it. */
    static final int ATTEMPTS = 3;

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** How long a message may take to arrive. */
    private static final Duration ARRIVAL = Duration.ofSeconds(20);
    /** How long to watch for a delivery that must not come (well past the retries' backoff). */
    private static final long SETTLE_MILLIS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUBSUB = TestBroker.NAME;
    private static final String TRACEPARENT = "[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}";

    private final TestBroker broker;
    private final String orders = TestBroker.topic("orders");
    private final String dead = TestBroker.topic("dead");
    private final String raw = TestBroker.topic("raw");
    private final String declared = TestBroker.topic("declared");
    private SubscriberApp app;
    private Sidecar sidecar;
    private DaprClient dapr;

    PubSubTests(TestBroker broker) {
        this.broker = broker;
    }

    @BeforeAll
    void start() {
        broker.requireReachable();
        app = new SubscriberApp(PUBSUB, orders, dead, raw);
        sidecar = Sidecar.start("pubsub-" + broker.id(), broker.appId(), List.of(
                "-Dquapr.pubsub.max-attempts=" + ATTEMPTS,
                "-Dquapr.pubsub.initial-backoff=50ms",
                "-Dquapr.pubsub.max-backoff=200ms",
                "-Dquapr.pubsub.app-connect-max-backoff=500ms"), List.of(broker.resources()), app.port());
        dapr = sidecar.javaClient();
        awaitSubscribed();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (dapr != null) {
                dapr.close();
            }
        } finally {
            try {
                if (sidecar != null) {
                    sidecar.close();
                }
            } finally {
                if (app != null) {
                    app.close();
                }
            }
        }
    }

    /**
     * Publishes a probe to each topic every 300 ms until one arrives: the subscriptions start in
     * the background once the sidecar has asked the app for them, and brokers such as RabbitMQ
     * keep nothing for a queue not yet bound.
     */
    private void awaitSubscribed() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (String[] t : new String[][] { { orders, "/orders" }, { dead, "/dead" }, { raw, "/raw" },
                { declared, "/declared" } }) {
            String topic = t[0];
            String path = t[1];
            for (int i = 0;; i++) {
                String probe = "probe-" + i;
                if (topic.equals(raw)) {
                    block(dapr.publishEvent(PUBSUB, topic, probe.getBytes(StandardCharsets.UTF_8),
                            Map.of("rawPayload", "true")));
                } else if (topic.equals(declared)) {
                    block(dapr.publishEvent(new PublishEventRequest(PUBSUB, topic,
                            probe.getBytes(StandardCharsets.UTF_8)).setContentType("text/plain")));
                } else {
                    block(dapr.publishEvent(PUBSUB, topic, Map.of("id", probe, "kind", "probe")));
                }
                long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
                while (System.nanoTime() < until) {
                    if (app.deliveries().stream().anyMatch(d -> d.path().equals(path)
                            && d.marker().startsWith("probe-"))) {
                        break;
                    }
                    sleep(20);
                }
                if (app.deliveries().stream().anyMatch(d -> d.path().equals(path) && d.marker().startsWith("probe-"))) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no probe published to " + topic + " reached " + path + " within 60 s"
                            + " (GET /dapr/subscribe asked " + app.subscribeCalls() + " times); deliveries: "
                            + app.summary() + "\n--- the sidecar's log:\n" + sidecar.logTail());
                }
            }
        }
    }

    @Test
    void metadataListsTheComponentAndBothKindsOfSubscription() {
        DaprMetadata metadata = block(dapr.getMetadata());
        ComponentMetadata component = metadata.getComponents().stream().filter(c -> c.getName().equals(PUBSUB))
                .findFirst().orElseThrow(() -> new AssertionError("no component " + PUBSUB + " in the metadata"));
        assertEquals(broker.type(), component.getType());
        SubscriptionMetadata o = subscription(metadata, orders);
        assertEquals(PUBSUB, o.getPubsubname());
        assertEquals(dead, o.getDeadLetterTopic());
        assertEquals(List.of(SubscriberApp.SPECIAL_MATCH, ""), o.getRules().stream().map(r -> r.getMatch()).toList());
        assertEquals(List.of("/special", "/orders"), o.getRules().stream().map(r -> r.getPath()).toList());
        assertEquals(List.of("/declared"), subscription(metadata, declared).getRules().stream()
                .map(r -> r.getPath()).toList());
        assertEquals("true", subscription(metadata, raw).getMetadata().get("rawPayload"));
    }

    @Test
    void jsonObjectArrivesAsDaprsCloudEvent() throws Exception {
        String id = marker("json");
        block(dapr.publishEvent(PUBSUB, orders, Map.of("id", id, "kind", "plain", "n", 1)));
        Delivery d = app.await("/orders", id, 1, ARRIVAL).get(0);
        JsonNode ce = d.event();
        assertTrue(!ce.path("id").asText().isEmpty(), "id in " + ce);
        assertEquals(broker.appId(), ce.path("source").asText(), "source in " + ce);
        assertEquals("com.dapr.event.sent", ce.path("type").asText(), "type in " + ce);
        assertEquals("1.0", ce.path("specversion").asText(), "specversion in " + ce);
        assertEquals("application/json", ce.path("datacontenttype").asText(), "datacontenttype in " + ce);
        assertEquals(orders, ce.path("topic").asText(), "topic in " + ce);
        assertEquals(PUBSUB, ce.path("pubsubname").asText(), "pubsubname in " + ce);
        assertTrue(ce.path("traceparent").asText().matches(TRACEPARENT), "traceparent in " + ce);
        assertTrue(!ce.path("time").asText().isEmpty(), "time in " + ce);
        assertEquals(JSON.readTree("{\"id\":\"" + id + "\",\"kind\":\"plain\",\"n\":1}"), ce.path("data"));
        assertTrue(d.headers().get("content-type").startsWith("application/cloudevents+json"), d.headers().toString());
        assertEquals(ce.path("traceparent").asText(), d.headers().get("traceparent"), d.headers().toString());
    }

    @Test
    void textArrivesOnTheDeclarativeSubscription() {
        String text = marker("text");
        block(dapr.publishEvent(new PublishEventRequest(PUBSUB, declared, text.getBytes(StandardCharsets.UTF_8))
                .setContentType("text/plain")));
        JsonNode ce = app.await("/declared", text, 1, ARRIVAL).get(0).event();
        assertEquals("text/plain", ce.path("datacontenttype").asText(), "datacontenttype in " + ce);
        assertTrue(ce.path("data").isTextual(), "data in " + ce);
        assertEquals(declared, ce.path("topic").asText());
    }

    @Test
    void ruleMatchingTheDataRoutesToItsPathOthersToTheDefault() {
        String special = marker("special");
        String plain = marker("plain");
        block(dapr.publishEvent(PUBSUB, orders, Map.of("id", special, "kind", "special")));
        block(dapr.publishEvent(PUBSUB, orders, Map.of("id", plain, "kind", "plain")));
        app.await("/special", special, 1, ARRIVAL);
        app.await("/orders", plain, 1, ARRIVAL);
        sleep(SETTLE_MILLIS);
        assertEquals(0, app.deliveries("/orders", special).size(), app.summary());
        assertEquals(0, app.deliveries("/special", plain).size(), app.summary());
    }

    @Test
    void retryAnswerIsRedeliveredThenTaken() {
        String id = marker("retry");
        block(dapr.publishEvent(PUBSUB, orders, Map.of("id", id, "kind", "plain", "action", "retry-once")));
        List<Delivery> two = app.await("/orders", id, 2, ARRIVAL);
        assertEquals(two.get(0).event().path("id"), two.get(1).event().path("id"), "the same event redelivered");
        sleep(SETTLE_MILLIS);
        assertEquals(2, app.deliveries("/orders", id).size(), "taken on the second delivery: " + app.summary());
        assertEquals(0, app.deliveries("/dead", id).size(), "a taken message is no dead letter: " + app.summary());
    }

    @Test
    void dropAnswerIsNotRedeliveredAndGoesToTheDeadLetterTopic() {
        String id = marker("drop");
        block(dapr.publishEvent(PUBSUB, orders, Map.of("id", id, "kind", "plain", "action", "drop")));
        // daprd sends a dropped message to the subscription's dead-letter topic when it has one
        app.await("/dead", id, 1, ARRIVAL);
        sleep(SETTLE_MILLIS);
        assertEquals(1, app.deliveries("/orders", id).size(), "DROP is not redelivered: " + app.summary());
    }

    @Test
    void notFoundAnswerIsDroppedNotRedelivered() {
        String id = marker("404");
        block(dapr.publishEvent(PUBSUB, orders, Map.of("id", id, "kind", "plain", "action", "not-found")));
        app.await("/dead", id, 1, ARRIVAL);
        sleep(SETTLE_MILLIS);
        assertEquals(1, app.deliveries("/orders", id).size(), "404 is not redelivered: " + app.summary());
    }

    @Test
    void poisonMessageEndsOnTheDeadLetterTopicAfterTheRetriesWhileOthersFlow() {
        String poison = marker("poison");
        block(dapr.publishEvent(PUBSUB, orders, Map.of("id", poison, "kind", "plain", "action", "poison")));
        List<String> good = List.of(marker("after-poison-1"), marker("after-poison-2"), marker("after-poison-3"));
        for (String id : good) {
            block(dapr.publishEvent(PUBSUB, orders, Map.of("id", id, "kind", "plain")));
        }
        for (String id : good) {
            app.await("/orders", id, 1, ARRIVAL);
        }
        JsonNode deadLetter = app.await("/dead", poison, 1, ARRIVAL).get(0).event();
        sleep(SETTLE_MILLIS);
        List<Delivery> tries = app.deliveries("/orders", poison);
        assertEquals(ATTEMPTS, tries.size(), "delivered " + ATTEMPTS + " times, then dead-lettered: " + app.summary());
        assertEquals(tries.get(0).event().path("id"), deadLetter.path("id"), "the same event in the dead letter");
        assertEquals(1, app.deliveries("/dead", poison).size(), app.summary());
    }

    @Test
    void rawPayloadArrivesUnwrappedAsBase64Data() {
        String payload = marker("raw");
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        block(dapr.publishEvent(PUBSUB, raw, bytes, Map.of("rawPayload", "true")));
        JsonNode ce = app.await("/raw", payload, 1, ARRIVAL).get(0).event();
        assertEquals("application/octet-stream", ce.path("datacontenttype").asText(), "datacontenttype in " + ce);
        assertArrayEquals(bytes, Base64.getDecoder().decode(ce.path("data_base64").asText()));
        assertEquals(raw, ce.path("topic").asText());
    }

    @Test
    void bulkPublishDeliversEveryEntryThroughTheRoutes() throws Exception {
        String plain = marker("bulk-plain");
        String special = marker("bulk-special");
        try (DaprPreviewClient preview = sidecar.javaPreviewClient()) {
            BulkPublishResponse<Map<String, String>> response = preview.publishEvents(PUBSUB, orders,
                    "application/json", List.of(Map.of("id", plain, "kind", "plain"),
                            Map.of("id", special, "kind", "special")))
                    .block(TIMEOUT);
            assertEquals(List.of(), response.getFailedEntries());
        }
        JsonNode ce = app.await("/orders", plain, 1, ARRIVAL).get(0).event();
        app.await("/special", special, 1, ARRIVAL);
        assertEquals(broker.appId(), ce.path("source").asText());
        assertEquals("application/json", ce.path("datacontenttype").asText());
    }

    /**
     * daprd reads the HTTP bulk body with Go's JSON decoding, which matches field names whatever
     * their case: the JavaScript SDK sends {@code entryID} and daprd takes it.
     */
    @Test
    void httpBulkPublishTakesTheEntryIdInAnyCase() throws Exception {
        String id = marker("bulk-entryID");
        String body = "[{\"entryID\":\"1\",\"event\":{\"id\":\"" + id + "\",\"kind\":\"plain\"},"
                + "\"contentType\":\"application/json\"}]";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                sidecar.httpUrl() + "/v1.0-alpha1/publish/bulk/" + PUBSUB + "/" + orders))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, response.statusCode(), response.body());
        app.await("/orders", id, 1, ARRIVAL);
    }

    @Test
    void unknownPubsubIsRefused() {
        DaprException e = assertThrows(DaprException.class,
                () -> block(dapr.publishEvent("no-such-pubsub", orders, Map.of("id", "x"))));
        assertEquals("INVALID_ARGUMENT", e.getErrorCode(), e.getMessage());
    }

    /** The JavaScript SDK publishes over HTTP and gRPC; this app must receive what it sent. */
    @Test
    void javascriptSdk() {
        String run = "js-" + E2e.RUN + "-" + broker.id();
        JsSdk.run("pubsub-" + broker.id(), "pubsub.test.mjs", sidecar, Map.of(
                "PUBSUB", PUBSUB,
                "ORDERS_TOPIC", orders,
                "DECLARED_TOPIC", declared,
                "E2E_RUN", run));
        for (String protocol : JsSdk.protocols()) {
            String prefix = run + "-" + protocol + "-";
            JsonNode json = app.await("/orders", prefix + "json", 1, ARRIVAL).get(0).event();
            assertEquals("application/json", json.path("datacontenttype").asText(), "datacontenttype in " + json);
            assertEquals(broker.appId(), json.path("source").asText());
            assertEquals("js", json.path("data").path("from").asText());
            JsonNode text = app.await("/declared", prefix + "text", 1, ARRIVAL).get(0).event();
            assertEquals("text/plain", text.path("datacontenttype").asText(), "datacontenttype in " + text);
            app.await("/special", prefix + "special", 1, ARRIVAL);
            app.await("/orders", prefix + "bulk-1", 1, ARRIVAL);
            app.await("/special", prefix + "bulk-2", 1, ARRIVAL);
            List<Delivery> retried = app.await("/orders", prefix + "retry", 2, ARRIVAL);
            assertNotEquals(retried.get(0).attempt(), retried.get(1).attempt());
        }
    }

    private static SubscriptionMetadata subscription(DaprMetadata metadata, String topic) {
        return metadata.getSubscriptions().stream().filter(s -> s.getTopic().equals(topic)).findFirst()
                .orElseThrow(() -> new AssertionError("no subscription to " + topic + " in the metadata: "
                        + metadata.getSubscriptions().stream().map(SubscriptionMetadata::getTopic).toList()));
    }

    private String marker(String name) {
        return "java-" + E2e.RUN + "-" + broker.id() + "-" + name;
    }

    private static <T> T block(Mono<T> call) {
        return call.block(TIMEOUT);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
