package io.quapr.sidecar.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** daprd's envelope rules, without a server: data encodings, defaults, TTL parsing. */
class CloudEventsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-02T03:04:05.678Z"), ZoneOffset.UTC);
    private static final TraceContext TRACE = TraceContext.of(null, null);

    private static JsonNode envelope(String contentType, String body, Map<String, String> md) {
        ObjectNode ce = CloudEvents.envelope(new CloudEvents.Input("app", "t", "ps", contentType,
                body.getBytes(StandardCharsets.UTF_8), TRACE), md, CLOCK);
        CloudEvents.applyTtl(ce, false, md, CLOCK);
        return CloudEvents.parseObject(CloudEvents.bytes(ce));
    }

    @Test
    void jsonScalarsAndObjectsAreEmbeddedAsJson() {
        assertEquals("special", envelope("application/json", "\"special\"", Map.of()).path("data").textValue());
        assertEquals(42, envelope("application/json; charset=utf-8", " 42 ", Map.of()).path("data").intValue());
        assertEquals(1, envelope("application/json", "{\"a\":1} trailing", Map.of()).path("data").path("a")
                .intValue(), "daprd's decoder reads the first value only");
    }

    @Test
    void invalidJsonIsSentAsAString() {
        assertEquals("{oops", envelope("application/json", "{oops", Map.of()).path("data").textValue());
    }

    @Test
    void emptyAppIdIsDaprAsSourceAndTimeIsRfc3339Seconds() {
        ObjectNode ce = CloudEvents.envelope(new CloudEvents.Input("", "t", "ps", "", new byte[0], TRACE), Map.of(),
                CLOCK);

        assertEquals("Dapr", ce.path("source").asText());
        assertEquals("text/plain", ce.path("datacontenttype").asText());
        assertEquals("2030-01-02T03:04:05Z", ce.path("time").asText());
    }

    @Test
    void timeFollowsTheClockAcrossSecondsAndZones() {
        Instant t = Instant.parse("2030-01-02T03:04:05.999Z");
        assertEquals("2030-01-02T03:04:05Z", time(Clock.fixed(t, ZoneOffset.UTC)));
        assertEquals("2030-01-02T03:04:06Z", time(Clock.fixed(t.plusMillis(1), ZoneOffset.UTC)));
        assertEquals("2030-01-02T05:04:06+02:00", time(Clock.fixed(t.plusMillis(1), ZoneOffset.ofHours(2))));
        assertEquals("2030-01-02T03:04:06Z", time(Clock.fixed(t.plusMillis(1), ZoneOffset.UTC)));
    }

    private static String time(Clock clock) {
        return CloudEvents.envelope(new CloudEvents.Input("a", "t", "ps", "", new byte[0], TRACE), Map.of(), clock)
                .path("time").asText();
    }

    @Test
    void jsonDataIsCopiedAsItsBytes() {
        String body = "{\"name\":\"\u00e9t\u00e9 \u2603\",\"n\":1.50} tail";
        JsonNode ce = envelope("application/json", body, Map.of());
        assertEquals("\u00e9t\u00e9 \u2603", ce.path("data").path("name").textValue());
        assertEquals("1.50", ce.path("data").path("n").decimalValue().toPlainString());
    }

    @Test
    void ttlReadsGoDurationsAndSeconds() {
        assertEquals(Duration.ofSeconds(30), CloudEvents.ttl(Map.of("ttlInSeconds", "30")));
        assertEquals(Duration.ofMinutes(2), CloudEvents.ttl(Map.of("ttl", "2m")));
        assertNull(CloudEvents.ttl(Map.of("ttlInSeconds", "-5")));
        assertNull(CloudEvents.ttl(Map.of("ttlInSeconds", "soon")));
        assertEquals("2030-01-02T03:04:35Z", envelope("text/plain", "x", Map.of("ttlInSeconds", "30"))
                .path("expiration").asText());
    }

    @Test
    void traceparentOverrideSupersedesTraceid() {
        JsonNode ce = envelope("text/plain", "x", Map.of("cloudevent.traceid", "a", "cloudevent.traceparent", "b"));

        assertEquals("b", ce.path("traceid").asText());
        assertEquals("b", ce.path("traceparent").asText());
    }

    @Test
    void cloudEventBodyMustBeAnObject() {
        assertThrows(IllegalArgumentException.class, () -> envelope("application/cloudevents+json", "[1]", Map.of()));
        assertEquals("x", envelope("application/cloudevents+json", "{\"id\":\"x\"}", Map.of()).path("id").asText());
    }
}
