package io.quapr.components.bindings.mqtt3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.bindings.InputEvent;
import io.quapr.spi.bindings.InputReader;
import io.quapr.spi.bindings.InvokeRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The binding's metadata rules, and its behaviour against the Mosquitto on loopback: the request's
 * topic override, the retain flag, the event metadata, and what happens to a refused message
 * without retries. Each test uses topics and client ids of its own.
 */
class MqttBindingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String URL = "tcp://127.0.0.1:1883";

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static ComponentMetadata metadata(Map<String, String> fields) {
        return ComponentMetadata.bind("unit", fields, MetadataSchema.of(MqttBinding.class), Set.of()).metadata();
    }

    private static MqttBinding.Settings settings(Map<String, String> fields) {
        return MqttBinding.Settings.from(metadata(fields));
    }

    private static MqttBinding binding(Map<String, String> extra) {
        Map<String, String> fields = new HashMap<>(Map.of("url", URL, "topic", "quapr/unit/" + UUID.randomUUID(),
                "consumerID", "quapr-unit-" + UUID.randomUUID(), "cleanSession", "true"));
        fields.putAll(extra);
        MqttBinding b = new MqttBinding();
        await(b.init(metadata(fields), new ComponentContext(vertx, Clock.systemUTC(), "app", "", Path.of("target"))));
        return b;
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void waitFor(List<?> events, int n) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (events.size() < n && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertTrue(events.size() >= n, "expected " + n + " events, got " + events.size());
    }

    @Test
    void readsTheUrlAsDaprdDoes() {
        MqttBinding.Settings s = settings(Map.of("url", "tcp://user:p%40ss@broker.example:1884", "topic", "t",
                "consumerID", "app"));
        assertEquals("broker.example", s.host());
        assertEquals(1884, s.port());
        assertFalse(s.tls());
        assertEquals("user", s.username());
        assertEquals("p@ss", s.password());
        assertEquals("app-producer", s.options("-producer").getClientId());
        assertFalse(s.options("-consumer").isCleanSession(), "daprd's default is a kept session");
        assertFalse(s.options("-consumer").isAutoAck());
        assertFalse(s.retain());
        assertEquals(0, s.backOffMaxRetries());

        MqttBinding.Settings secure = settings(Map.of("url", "mqtts://broker.example", "topic", "t",
                "consumerID", "app", "retain", "true", "cleanSession", "true", "backOffMaxRetries", "-1"));
        assertTrue(secure.tls());
        assertEquals(8883, secure.port());
        assertTrue(secure.options("-consumer").isSsl());
        assertTrue(secure.retain());
        assertTrue(secure.cleanSession());
        assertEquals(-1, secure.backOffMaxRetries());
        assertEquals(1883, settings(Map.of("url", "mqtt://h", "topic", "t", "consumerID", "c")).port());
        for (String scheme : List.of("ssl", "tcps", "tls")) {
            assertTrue(settings(Map.of("url", scheme + "://h:1", "topic", "t", "consumerID", "c")).tls(), scheme);
        }
    }

    @Test
    void refusesWhatDaprdRefuses() {
        for (String key : List.of("url", "topic", "consumerID")) {
            Map<String, String> fields = new HashMap<>(Map.of("url", URL, "topic", "t", "consumerID", "c"));
            fields.remove(key);
            assertTrue(assertThrows(MetadataException.class, () -> settings(fields)).getMessage().contains(key), key);
        }
        assertEquals("invalid ca certificate", assertThrows(MetadataException.class,
                () -> settings(Map.of("url", URL, "topic", "t", "consumerID", "c", "caCert", "nope")))
                .getMessage());
        assertEquals("invalid client certificate key", assertThrows(MetadataException.class,
                () -> settings(Map.of("url", URL, "topic", "t", "consumerID", "c", "clientKey", "nope")))
                .getMessage());
        assertThrows(MetadataException.class,
                () -> settings(Map.of("url", "ws://h:80", "topic", "t", "consumerID", "c")));
    }

    @Test
    void createPublishesToTheRequestsTopicWhenItNamesOne() throws Exception {
        MqttBinding sender = binding(Map.of());
        String other = "quapr/unit/other-" + UUID.randomUUID();
        MqttBinding receiver = binding(Map.of("topic", other));
        List<InputEvent> events = new CopyOnWriteArrayList<>();
        InputReader reader = await(receiver.read(e -> {
            events.add(e);
            return Uni.createFrom().item(new byte[0]);
        }));
        try {
            assertNull(await(sender.invoke(new InvokeRequest("create", utf8("to other"), Map.of("topic", other)))));
            waitFor(events, 1);
            assertEquals("to other", new String(events.get(0).data(), StandardCharsets.UTF_8));
            assertEquals(Map.of("topic", other), events.get(0).metadata());
        } finally {
            await(reader.stop());
            await(sender.close());
            await(receiver.close());
        }
    }

    @Test
    void retainKeepsTheLastMessageForLaterSubscribers() throws Exception {
        String topic = "quapr/unit/retained-" + UUID.randomUUID();
        MqttBinding sender = binding(Map.of("topic", topic, "retain", "true"));
        await(sender.invoke(new InvokeRequest("create", utf8("kept"), Map.of())));
        MqttBinding late = binding(Map.of("topic", topic));
        List<InputEvent> events = new CopyOnWriteArrayList<>();
        InputReader reader = await(late.read(e -> {
            events.add(e);
            return Uni.createFrom().item(new byte[0]);
        }));
        try {
            waitFor(events, 1);
            assertEquals("kept", new String(events.get(0).data(), StandardCharsets.UTF_8));
        } finally {
            await(reader.stop());
            // an empty retained message clears the topic's retained one
            await(sender.invoke(new InvokeRequest("create", new byte[0], Map.of())));
            await(sender.close());
            await(late.close());
        }
    }

    @Test
    void withoutRetriesARefusedMessageIsNotHandedOverAgainWhileConnected() throws Exception {
        MqttBinding b = binding(Map.of());
        AtomicInteger deliveries = new AtomicInteger();
        List<InputEvent> events = new CopyOnWriteArrayList<>();
        InputReader reader = await(b.read(e -> {
            deliveries.incrementAndGet();
            events.add(e);
            return Uni.createFrom().failure(new IllegalStateException("refused by the test"));
        }));
        try {
            await(b.invoke(new InvokeRequest("create", utf8("once"), Map.of())));
            waitFor(events, 1);
            Thread.sleep(MqttBinding.RETRY_INTERVAL.toMillis() + 1_000);
            assertEquals(1, deliveries.get());
        } finally {
            await(reader.stop());
            await(b.close());
        }
    }

    @Test
    void aLostConnectionComesBackAndGetsWhatWasNotAcknowledged() throws Exception {
        String id = "quapr-unit-" + UUID.randomUUID();
        MqttBinding b = binding(Map.of("consumerID", id, "cleanSession", "false"));
        List<String> deliveries = new CopyOnWriteArrayList<>();
        InputReader reader = await(b.read(e -> {
            deliveries.add(new String(e.data(), StandardCharsets.UTF_8));
            return deliveries.size() == 1
                    ? Uni.createFrom().failure(new IllegalStateException("refused by the test"))
                    : Uni.createFrom().item(new byte[0]);
        }));
        try {
            await(b.invoke(new InvokeRequest("create", utf8("again"), Map.of())));
            waitFor(deliveries, 1);
            // another client with the consumer's id takes the session over (the broker closes the
            // binding's connection), then leaves without acknowledging anything
            MqttClientOptions options = new MqttClientOptions().setClientId(id + "-consumer").setCleanSession(false);
            options.setAutoAck(false);
            MqttClient intruder = MqttClient.create(vertx, options);
            intruder.publishHandler(m -> {
            });
            intruder.connect(1883, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
            intruder.disconnect().toCompletionStage().toCompletableFuture().get();
            waitFor(deliveries, 2);
            assertEquals(List.of("again", "again"), deliveries.subList(0, 2));
            Thread.sleep(1_000);
            assertEquals(2, deliveries.size(), "accepted once, and not delivered again");
        } finally {
            await(reader.stop());
            await(b.close());
            forgetSession(id + "-consumer");
            forgetSession(id + "-producer");
        }
    }

    /** A clean-session connection ends the kept session of a client id, so the broker keeps nothing. */
    private static void forgetSession(String clientId) throws Exception {
        MqttClient c = MqttClient.create(vertx, new MqttClientOptions().setClientId(clientId).setCleanSession(true));
        c.connect(1883, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        c.disconnect().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void aSecondReaderIsRefusedWhileTheFirstRuns() {
        MqttBinding b = binding(Map.of());
        InputReader reader = await(b.read(e -> Uni.createFrom().item(new byte[0])));
        try {
            assertThrows(IllegalStateException.class, () -> await(b.read(e -> Uni.createFrom().item(new byte[0]))));
        } finally {
            await(reader.stop());
        }
        InputReader again = await(b.read(e -> Uni.createFrom().item(new byte[0])));
        await(again.stop());
        await(b.close());
    }

    @Test
    void anUnreachableBrokerFailsTheCall() {
        MqttBinding b = binding(Map.of("url", "tcp://127.0.0.1:1"));
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> await(b.invoke(new InvokeRequest("create", utf8("x"), Map.of()))));
        assertTrue(e.getMessage().contains("failed to create producer connection"), e.getMessage());
        assertThrows(RuntimeException.class, () -> await(b.read(x -> Uni.createFrom().item(new byte[0]))));
        await(b.close());
    }

    @Test
    void aClosedBindingRefusesWork() {
        MqttBinding b = binding(Map.of());
        await(b.close());
        assertThrows(RuntimeException.class, () -> await(b.invoke(new InvokeRequest("create", utf8("x"), Map.of()))));
        assertThrows(IllegalStateException.class, () -> await(b.read(x -> Uni.createFrom().item(new byte[0]))));
    }
}
