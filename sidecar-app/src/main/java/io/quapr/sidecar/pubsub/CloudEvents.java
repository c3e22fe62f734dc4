package io.quapr.sidecar.pubsub;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.quapr.sidecar.json.RawJson;
import io.quapr.sidecar.json.StrictJson;
import io.quapr.spi.GoDuration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * The CloudEvents 1.0 envelope as daprd builds it around a published body: {@code id},
 * {@code source} (the publishing app id), {@code type} {@code com.dapr.event.sent},
 * {@code specversion}, {@code datacontenttype} (default {@code text/plain}), {@code data} (the
 * JSON value for {@code application/json}, a string for other types, {@code data_base64} for
 * {@code application/octet-stream}), {@code topic}, {@code pubsubname}, {@code time},
 * {@code traceid}/{@code traceparent}/{@code tracestate}; {@code cloudevent.*} request metadata
 * overrides id, source, type, subject and the trace fields. A body that is already a CloudEvent
 * ({@code application/cloudevents+json}) keeps its fields and gains the missing ones.
 */
final class CloudEvents {

    static final String DEFAULT_TYPE = "com.dapr.event.sent";
    static final String DEFAULT_SOURCE = "Dapr";
    static final String DEFAULT_DATA_CONTENT_TYPE = "text/plain";
    static final String SPEC_VERSION = "1.0";

    /** Numbers keep their exact digits through a parse and a write, as daprd's decoder does. */
    static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader EXACT = JSON.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(JsonNodeFactory.withExactBigDecimals(true));
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    /** The last second {@link #now} formatted (racing writers store equal values). */
    private static volatile Second lastSecond;

    private CloudEvents() {
    }

    /**
     * What a publish request puts in the envelope.
     *
     * @param source the publishing app id (daprd's {@code Dapr} when empty)
     * @param topic the topic as the app named it
     * @param pubsub the component name
     * @param contentType the request's content type; may be empty
     * @param data the request body
     * @param trace the trace context of the call
     */
    record Input(String source, String topic, String pubsub, String contentType, byte[] data, TraceContext trace) {
    }

    /**
     * Builds the envelope for a publish request.
     *
     * @throws IllegalArgumentException when a CloudEvent body is not a JSON object
     */
    static ObjectNode envelope(Input in, Map<String, String> metadata, Clock clock) {
        if (ContentTypes.isCloudEvent(in.contentType())) {
            return fromCloudEvent(in, clock);
        }
        String id = null;
        String source = in.source();
        String type = null;
        String subject = null;
        String traceid = in.trace().traceparent();
        String tracestate = in.trace().tracestate();
        String traceparent = null;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String v = e.getValue();
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "cloudevent.id" -> id = v;
                case "cloudevent.source" -> source = v;
                case "cloudevent.type" -> type = v;
                case "cloudevent.subject" -> subject = v;
                case "cloudevent.traceid" -> traceid = v;
                case "cloudevent.tracestate" -> tracestate = v;
                case "cloudevent.traceparent" -> traceparent = v;
                default -> {
                    // other metadata is the component's
                }
            }
        }
        if (traceparent != null && !traceparent.isEmpty()) {
            // traceparent supersedes traceid: both fields carry the same value
            traceid = traceparent;
        }
        String contentType = empty(in.contentType()) ? DEFAULT_DATA_CONTENT_TYPE : in.contentType();
        ObjectNode ce = JSON.createObjectNode();
        ce.put("id", empty(id) ? RandomIds.uuid() : id);
        ce.put("specversion", SPEC_VERSION);
        ce.put("datacontenttype", contentType);
        ce.put("source", empty(source) ? DEFAULT_SOURCE : source);
        ce.put("type", empty(type) ? DEFAULT_TYPE : type);
        ce.put("topic", in.topic());
        ce.put("pubsubname", in.pubsub());
        ce.put("traceid", traceid);
        ce.put("traceparent", traceid);
        ce.put("tracestate", tracestate);
        ce.put("time", now(clock));
        byte[] data = in.data();
        RawJson json = ContentTypes.isJson(contentType) ? firstJsonValue(data) : null;
        if (json != null) {
            ce.putRawValue("data", new RawValue(json));
        } else if (ContentTypes.isBinary(contentType) || ContentTypes.isCloudEventProtobuf(contentType)) {
            ce.put("data_base64", Base64.getEncoder().encodeToString(data));
        } else {
            ce.put("data", new String(data, StandardCharsets.UTF_8));
        }
        if (!empty(subject)) {
            ce.put("subject", subject);
        }
        return ce;
    }

    /**
     * Sets {@code expiration} from the {@code ttlInSeconds} (or {@code ttl}) request metadata
     * when the broker does not expire messages itself, as daprd does; a TTL daprd cannot read
     * is left to the component.
     */
    static void applyTtl(ObjectNode ce, boolean brokerHasTtl, Map<String, String> metadata, Clock clock) {
        if (brokerHasTtl) {
            return;
        }
        Duration ttl = ttl(metadata);
        if (ttl != null) {
            ce.put("expiration", RFC3339.format(ZonedDateTime.now(clock.withZone(ZoneOffset.UTC))
                    .plus(ttl).truncatedTo(ChronoUnit.SECONDS)));
        }
    }

    /** The envelope's bytes. */
    static byte[] bytes(ObjectNode ce) {
        try {
            return JSON.writeValueAsBytes(ce);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses one UTF-8 JSON value keeping every number's exact digits; a missing node when there is none. */
    static JsonNode readExact(byte[] data) throws IOException {
        JsonNode node = StrictJson.readTree(EXACT, data);
        return node == null ? MissingNode.getInstance() : node;
    }

    /** Parses bytes as a JSON object with exact numbers; null when they are not one. */
    static ObjectNode parseObject(byte[] data) {
        try {
            JsonNode node = StrictJson.readTree(EXACT, data);
            return node instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static ObjectNode fromCloudEvent(Input in, Clock clock) {
        ObjectNode ce = parseObject(in.data());
        if (ce == null) {
            throw new IllegalArgumentException("the body is not a JSON object: a CloudEvent must be one");
        }
        if (!ce.has("time")) {
            ce.put("time", now(clock));
        }
        if (!ce.has("traceid")) {
            ce.put("traceid", in.trace().traceparent());
            ce.put("traceparent", in.trace().traceparent());
        }
        if (!ce.has("tracestate")) {
            ce.put("tracestate", in.trace().tracestate());
        }
        ce.put("topic", in.topic());
        ce.put("pubsubname", in.pubsub());
        if (isNull(ce, "source")) {
            ce.put("source", DEFAULT_SOURCE);
        }
        if (isNull(ce, "type")) {
            ce.put("type", DEFAULT_TYPE);
        }
        if (isNull(ce, "specversion")) {
            ce.put("specversion", SPEC_VERSION);
        }
        return ce;
    }

    /**
     * The bytes of the first JSON value in the data, as daprd's decoder reads it (what follows
     * it is ignored); null when there is none, and daprd then sends the body as a string.
     */
    private static RawJson firstJsonValue(byte[] data) {
        if (!StrictJson.maybeUtf8Json(data)) {
            // a BOM or UTF-16 is not JSON to daprd: the data goes as a string, like any other non-JSON
            return null;
        }
        try (JsonParser p = JSON.getFactory().createParser(data)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return null;
            }
            long start = p.currentTokenLocation().getByteOffset();
            p.skipChildren();
            // a scalar's text is read lazily: finish it so the location is past its end
            p.finishToken();
            long end = p.currentLocation().getByteOffset();
            return new RawJson(data, (int) start, (int) (end - start));
        } catch (IOException e) {
            return null;
        }
    }

    /** daprd's TTL: a Go duration, else a whole number of seconds above zero; null when absent or unreadable. */
    static Duration ttl(Map<String, String> metadata) {
        String value = null;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String k = e.getKey().toLowerCase(Locale.ROOT);
            if (k.equals("ttl") || k.equals("ttlinseconds")) {
                value = e.getValue();
                if (k.equals("ttl")) {
                    break;
                }
            }
        }
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.matches("[-+]?\\d+") && !value.equals("0")) {
            // Go's duration parser takes no bare number but "0": daprd reads the rest as seconds
            try {
                long seconds = Long.parseLong(value);
                return seconds <= 0 ? null : Duration.ofSeconds(seconds);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try {
            Duration d = GoDuration.parse(value);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isNull(ObjectNode ce, String field) {
        JsonNode v = ce.get(field);
        return v == null || v.isNull();
    }

    /**
     * The clock's time to the second, RFC 3339. Formatted once per second: every event carries it,
     * and formatting cost as much as the rest of its fields.
     */
    private static String now(Clock clock) {
        Instant t = clock.instant();
        ZoneId zone = clock.getZone();
        Second last = lastSecond;
        if (last != null && last.epochSecond() == t.getEpochSecond() && last.zone().equals(zone)) {
            return last.text();
        }
        String text = RFC3339.format(ZonedDateTime.ofInstant(t, zone).truncatedTo(ChronoUnit.SECONDS));
        lastSecond = new Second(t.getEpochSecond(), zone, text);
        return text;
    }

    /** A second's RFC 3339 text in one zone. */
    private record Second(long epochSecond, ZoneId zone, String text) {
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }
}
