package io.quapr.components.bindings.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.bindings.InputEvent;
import io.quapr.spi.bindings.InputReader;
import io.quapr.spi.bindings.InvokeRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the conformance kit does not see: the AMQP message {@code create} writes (expiration,
 * priority, content type, delivery mode, headers), the queue's own time to live, the headers of a
 * delivered message as event metadata, and the refusals of bad request and component metadata.
 * Runs against the test broker on 127.0.0.1:5672 (guest/guest), each test on a new queue it deletes.
 */
class RabbitMqBindingTest {

    private static final String HOST = "amqp://guest:guest@127.0.0.1:5672";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Vertx vertx = Vertx.vertx();
    private final List<RabbitMqBinding> bindings = new ArrayList<>();
    private final String queue = "quapr-test-" + UUID.randomUUID();
    private Connection connection;

    @AfterEach
    void close() throws Exception {
        bindings.forEach(b -> b.close().await().atMost(WAIT));
        // the queues are not auto-delete (daprd's default): remove this test's
        try (Channel ch = connection().createChannel()) {
            ch.queueDelete(queue);
        }
        connection.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private RabbitMqBinding binding(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of("host", HOST, "queueName", queue));
        values.putAll(extra);
        RabbitMqBinding b = new RabbitMqBinding();
        ComponentMetadata md = ComponentMetadata.bind("test-rabbitmq-binding", values,
                MetadataSchema.of(RabbitMqBinding.class), Set.of()).metadata();
        bindings.add(b);
        b.init(md, new ComponentContext(vertx, Clock.systemUTC(), "test-app", "", Path.of("target")))
                .await().atMost(WAIT);
        return b;
    }

    /** Takes the queue's next message straight from the broker, or {@code null}. */
    private GetResponse next() throws Exception {
        try (Channel ch = connection().createChannel()) {
            return ch.basicGet(queue, true);
        }
    }

    private Connection connection() throws Exception {
        if (connection == null) {
            ConnectionFactory f = new ConnectionFactory();
            f.setUri(HOST);
            connection = f.newConnection();
        }
        return connection;
    }

    @Test
    void createSetsDaprdsPropertiesAndEveryMetadataEntryAsAHeader() throws Exception {
        RabbitMqBinding b = binding(Map.of("maxPriority", "10"));
        Map<String, String> md = new LinkedHashMap<>();
        md.put("ttlInSeconds", "60");
        md.put("priority", "5");
        md.put("contentType", "application/json");
        md.put("custom", "value");

        b.invoke(new InvokeRequest("create", bytes("{\"a\":1}"), md)).await().atMost(WAIT);

        GetResponse r = next();
        assertNotNull(r, "the message is in the queue");
        AMQP.BasicProperties p = r.getProps();
        assertEquals("{\"a\":1}", new String(r.getBody(), StandardCharsets.UTF_8));
        assertEquals("60000", p.getExpiration(), "ttlInSeconds as milliseconds");
        assertEquals(5, p.getPriority());
        assertEquals("application/json", p.getContentType());
        assertEquals(2, p.getDeliveryMode(), "persistent, as daprd publishes");
        assertEquals("value", String.valueOf(p.getHeaders().get("custom")));
        assertEquals("60", String.valueOf(p.getHeaders().get("ttlInSeconds")));
    }

    @Test
    void contentTypeFallsBackToTheComponentsThenTextPlain() throws Exception {
        binding(Map.of()).invoke(new InvokeRequest("create", bytes("x"), Map.of())).await().atMost(WAIT);
        GetResponse plain = next();
        assertEquals("text/plain", plain.getProps().getContentType());
        assertNull(plain.getProps().getExpiration(), "no ttl, no expiration");
        assertNull(plain.getProps().getHeaders(), "no metadata, no headers");

        binding(Map.of("contentType", "application/xml")).invoke(new InvokeRequest("create", bytes("y"), Map.of()))
                .await().atMost(WAIT);
        assertEquals("application/xml", next().getProps().getContentType());
    }

    @Test
    void theComponentsTtlIsTheQueuesMessageTtl() throws Exception {
        RabbitMqBinding b = binding(Map.of("ttlInSeconds", "1"));

        b.invoke(new InvokeRequest("create", bytes("short-lived"), Map.of())).await().atMost(WAIT);
        Thread.sleep(1_500);

        assertNull(next(), "the message expired in the queue after 1 s");
    }

    @Test
    void badRequestTtlOrPriorityIsARequestError() {
        RabbitMqBinding b = binding(Map.of());

        IllegalArgumentException ttl = assertThrows(IllegalArgumentException.class,
                () -> b.invoke(new InvokeRequest("create", bytes("x"), Map.of("ttlInSeconds", "soon")))
                        .await().atMost(WAIT));
        assertTrue(ttl.getMessage().contains("ttlInSeconds"), ttl.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> b.invoke(new InvokeRequest("create", bytes("x"), Map.of("ttlInSeconds", "0")))
                        .await().atMost(WAIT));
        assertThrows(IllegalArgumentException.class,
                () -> b.invoke(new InvokeRequest("create", bytes("x"), Map.of("priority", "high")))
                        .await().atMost(WAIT));
    }

    @Test
    void priorityIsClampedToAByte() {
        assertEquals(255, RabbitMqBinding.properties(Map.of("priority", "1000"), "text/plain").getPriority());
        assertEquals(0, RabbitMqBinding.properties(Map.of("priority", "-3"), "text/plain").getPriority());
    }

    @Test
    void badComponentMetadataFailsInit() {
        assertThrows(MetadataException.class, () -> binding(Map.of("ttlInSeconds", "-1")));
        assertThrows(MetadataException.class, () -> binding(Map.of("maxPriority", "many")));
        assertThrows(MetadataException.class, () -> binding(Map.of("caCert", "pem")));
    }

    @Test
    void aDeliveredMessagesHeadersAreTheEventsMetadata() throws InterruptedException {
        RabbitMqBinding b = binding(Map.of());
        BlockingQueue<InputEvent> events = new LinkedBlockingQueue<>();
        InputReader reader = b.read(e -> {
            events.add(e);
            return Uni.createFrom().item(new byte[0]);
        }).await().atMost(WAIT);
        try {
            b.invoke(new InvokeRequest("create", bytes("hello"), Map.of("orderId", "7"))).await().atMost(WAIT);

            InputEvent e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(e, "no event within " + WAIT);
            assertEquals("hello", new String(e.data(), StandardCharsets.UTF_8));
            assertEquals(Map.of("orderId", "7"), e.metadata());
        } finally {
            reader.stop().await().atMost(WAIT);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
