package io.quapr.components.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quapr.components.pubsub.rabbitmq.RabbitMqPubSub;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.pubsub.PublishRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The AMQP message built from a publish request, property by property. No broker needed. */
class OutgoingTest {

    /** The metadata as the sidecar binds it against pubsub.rabbitmq's metadata.yaml. */
    static ComponentMetadata bind(Map<String, String> values) {
        return ComponentMetadata.bind("test-rabbitmq", values, MetadataSchema.of(RabbitMqPubSub.class), Set.of())
                .metadata();
    }

    private static RabbitMqSettings settings(Map<String, String> values) {
        return RabbitMqSettings.from(bind(values),
                new ComponentContext(null, Clock.systemUTC(), "app", "", Path.of("target")));
    }

    private static Outgoing outgoing(String contentType, Map<String, String> md, Map<String, String> component) {
        return Outgoing.of(new PublishRequest("orders", new byte[] { 0, (byte) 0xff, 'x' }, contentType, md),
                settings(component));
    }

    @Test
    void exchangeIsTheTopicAndTheBodyIsUnchanged() {
        Outgoing o = outgoing("application/cloudevents+json", Map.of(), Map.of());
        assertEquals("orders", o.exchange());
        assertEquals("", o.routingKey());
        assertArrayEquals(new byte[] { 0, (byte) 0xff, 'x' }, o.body());
        assertNull(o.properties().getHeaders(), "daprd sends no headers");
        assertNull(o.properties().getDeliveryMode(), "delivery mode 0 leaves the property unset");
        assertNull(o.properties().getExpiration());
    }

    @Test
    void contentTypeComesFromMetadataThenTheRequestThenTextPlain() {
        assertEquals("application/cloudevents+json",
                outgoing("application/cloudevents+json", Map.of(), Map.of()).properties().getContentType());
        assertEquals("application/xml",
                outgoing("application/json", Map.of("contentType", "application/xml"), Map.of()).properties()
                        .getContentType());
        assertEquals("text/plain", outgoing(null, Map.of(), Map.of()).properties().getContentType());
    }

    @Test
    void ttlBecomesTheExpirationInMilliseconds() {
        assertEquals("5000", outgoing(null, Map.of("ttlInSeconds", "5"), Map.of()).properties().getExpiration());
        assertEquals("60000", outgoing(null, Map.of("ttl", "1m"), Map.of()).properties().getExpiration());
        assertEquals("9000",
                outgoing(null, Map.of(), Map.of("ttlInSeconds", "9")).properties().getExpiration(),
                "the component's ttlInSeconds applies to messages without one");
        assertEquals("2000", outgoing(null, Map.of("ttlInSeconds", "2"), Map.of("ttlInSeconds", "9")).properties()
                .getExpiration());
        assertEquals("9000", outgoing(null, Map.of("ttlInSeconds", "soon"), Map.of("ttlInSeconds", "9"))
                .properties().getExpiration(), "a bad ttl is ignored, as daprd does");
        assertEquals("0", outgoing(null, Map.of("ttlInSeconds", "-3s"), Map.of()).properties().getExpiration(),
                "a negative duration is zero");
    }

    @Test
    void daprdPropertiesComeFromMetadataWhateverTheCase() {
        Map<String, String> md = new HashMap<>();
        md.put("MessageId", "m-1");
        md.put("correlationID", "c-1");
        md.put("type", "order.created");
        md.put("priority", "7");
        md.put("routingKey", "eu.orders");
        Outgoing o = outgoing(null, md, Map.of("deliveryMode", "2"));
        assertEquals("m-1", o.properties().getMessageId());
        assertEquals("c-1", o.properties().getCorrelationId());
        assertEquals("order.created", o.properties().getType());
        assertEquals(7, o.properties().getPriority());
        assertEquals(2, o.properties().getDeliveryMode());
        assertEquals("eu.orders", o.routingKey());
    }

    @Test
    void priorityIsClampedOrIgnored() {
        assertEquals(255, outgoing(null, Map.of("priority", "300"), Map.of()).properties().getPriority());
        assertEquals(0, outgoing(null, Map.of("priority", "-1"), Map.of()).properties().getPriority());
        assertNull(outgoing(null, Map.of("priority", "high"), Map.of()).properties().getPriority());
    }
}
