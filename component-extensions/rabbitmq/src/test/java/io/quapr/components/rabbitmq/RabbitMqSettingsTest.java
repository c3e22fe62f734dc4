package io.quapr.components.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.components.pubsub.rabbitmq.RabbitMqPubSub;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import io.quapr.spi.MetadataSchema;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Metadata parsing: daprd's defaults, keys and refusals. No broker needed. */
class RabbitMqSettingsTest {

    /** The metadata as the sidecar binds it against pubsub.rabbitmq's metadata.yaml. */
    static ComponentMetadata bind(Map<String, String> values) {
        return ComponentMetadata.bind("test-rabbitmq", values, MetadataSchema.of(RabbitMqPubSub.class), Set.of())
                .metadata();
    }

    private static RabbitMqSettings settings(Map<String, String> values) {
        return RabbitMqSettings.from(bind(values),
                new ComponentContext(null, Clock.systemUTC(), "orders", "", Path.of("target")));
    }

    @Test
    void defaultsAreDaprdsExceptForTheDeliveryGuarantees() {
        RabbitMqSettings s = settings(Map.of());
        assertEquals(new BrokerAddress(false, "localhost", 5672, "guest", "guest", "/"), s.address());
        assertEquals("orders", s.consumerId(), "consumerID defaults to the app id");
        assertTrue(s.durable(), "daprd's code makes queues durable by default");
        assertTrue(s.deleteWhenUnused());
        assertFalse(s.autoAck());
        assertTrue(s.requeueInFailure());
        assertTrue(s.publisherConfirm());
        assertEquals(0, s.deliveryMode());
        assertEquals(0, s.prefetchCount());
        assertEquals(Duration.ofSeconds(3), s.reconnectWait());
        assertEquals(Duration.ofSeconds(10), s.heartbeat());
        assertEquals("fanout", s.exchangeKind());
        assertFalse(s.enableDeadLetter());
        assertFalse(s.single());
        assertEquals(Optional.empty(), s.defaultTtl());
        assertFalse(s.propertiesToMetadata());
    }

    @Test
    void connectionStringIsReadAsDaprdReadsIt() {
        assertEquals(new BrokerAddress(false, "broker", 5673, "u@x", "p:w", "v/h"),
                BrokerAddress.parse("amqp://u%40x:p%3Aw@broker:5673/v%2Fh"));
        assertEquals(new BrokerAddress(true, "broker", 5671, "guest", "guest", "/"),
                BrokerAddress.parse("amqps://broker"));
        assertEquals("/", BrokerAddress.parse("amqp://broker/").virtualHost(), "a bare / is the default vhost");
        assertEquals("prod", BrokerAddress.parse("amqp://broker/prod").virtualHost());
        assertEquals(new BrokerAddress(false, "h", 5672, "me", "", "/"), BrokerAddress.parse("amqp://me@h"));
    }

    @Test
    void hostIsTheDeprecatedNameOfTheConnectionString() {
        assertEquals("old", settings(Map.of("host", "amqp://old:5672")).address().host());
        assertEquals("new",
                settings(Map.of("host", "amqp://old:5672", "connectionString", "amqp://new")).address().host());
    }

    @Test
    void separateFieldsBuildTheAddress() {
        RabbitMqSettings s = settings(
                Map.of("protocol", "amqps", "hostname", "mq:6000", "username", "u", "password", "p"));
        assertEquals(new BrokerAddress(true, "mq", 6000, "u", "p", "/"), s.address());
        assertEquals(5671, settings(Map.of("protocol", "amqps", "hostname", "mq")).address().port());
    }

    @Test
    void badConnectionDetailsAreRefused() {
        assertThrows(MetadataException.class, () -> settings(Map.of("connectionString", "http://broker")));
        assertThrows(MetadataException.class, () -> settings(Map.of("connectionString", "amqp://")));
        MetadataException e = assertThrows(MetadataException.class,
                () -> settings(Map.of("connectionString", "amqp://broker", "protocol", "amqps")));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        assertThrows(MetadataException.class, () -> settings(Map.of("protocol", "http")));
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertTrue(assertThrows(MetadataException.class, () -> settings(Map.of("deliveryMode", "3"))).getMessage()
                .contains("deliveryMode"));
        assertTrue(assertThrows(MetadataException.class, () -> settings(Map.of("exchangeKind", "x-delayed")))
                .getMessage().contains("exchangeKind"));
        assertThrows(MetadataException.class, () -> settings(Map.of("prefetchCount", "-1")));
        assertThrows(MetadataException.class, () -> settings(Map.of("concurrencyMode", "many")));
        assertThrows(MetadataException.class, () -> settings(Map.of("ttlInSeconds", "-5")));
        assertThrows(MetadataException.class, () -> settings(Map.of("reconnectWaitSeconds", "0")));
    }

    @Test
    void concurrencyModeIsWhatDaprdReadsAndConcurrencyWhatItDocuments() {
        assertTrue(settings(Map.of("concurrencyMode", "single")).single());
        assertTrue(settings(Map.of("concurrency", "single")).single());
        assertFalse(settings(Map.of("concurrencyMode", "parallel", "concurrency", "single")).single());
    }

    @Test
    void defaultTtlIsSecondsOrADuration() {
        assertEquals(Optional.of(Duration.ofSeconds(10)), settings(Map.of("ttlInSeconds", "10")).defaultTtl());
        assertEquals(Optional.of(Duration.ofMinutes(1)), settings(Map.of("ttlInSeconds", "1m")).defaultTtl());
    }

    @Test
    void connectionOptionsLeaveReconnectingToTheComponent() {
        var o = settings(Map.of("connectionString", "amqp://u:p@mq:5999/v", "clientName", "svc", "heartBeat", "30s"))
                .options("publisher");
        assertEquals("mq", o.getHost());
        assertEquals(5999, o.getPort());
        assertEquals("u", o.getUser());
        assertEquals("v", o.getVirtualHost());
        assertEquals(30, o.getRequestedHeartbeat());
        assertEquals(0, o.getReconnectAttempts());
        assertFalse(o.isAutomaticRecoveryEnabled());
        assertEquals("publisher", o.getConnectionName());
    }

    @Test
    void backoffDoublesUpToThirtySeconds() {
        Duration wait = Duration.ofSeconds(3);
        assertEquals(Duration.ofSeconds(3), QueueSubscription.backoff(wait, 0));
        assertEquals(Duration.ofSeconds(12), QueueSubscription.backoff(wait, 2));
        assertEquals(Duration.ofSeconds(30), QueueSubscription.backoff(wait, 10));
        assertEquals(Duration.ofSeconds(30), QueueSubscription.backoff(wait, 1000));
        assertEquals(Duration.ofMinutes(2), QueueSubscription.backoff(Duration.ofMinutes(2), 3),
                "a wait longer than the cap is kept");
    }
}
