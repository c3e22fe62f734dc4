package io.quapr.components.pubsub.redis;

import static io.quapr.components.pubsub.redis.StreamFixture.WAIT;
import static io.quapr.components.pubsub.redis.StreamFixture.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.pubsub.Message;
import io.quapr.spi.pubsub.PublishRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stream entries are laid out as daprd lays them out (components-contrib
 * {@code pubsub/redis/redis.go}): the bytes in field {@code data}, the request metadata as a JSON
 * object in field {@code metadata}; we add {@code contentType}. An entry daprd wrote is delivered
 * here, and an entry written here has what daprd reads.
 */
class DaprStreamLayoutTest {

    @RegisterExtension
    final StreamFixture redis = new StreamFixture();

    private static Map<String, byte[]> fields(Response entry) {
        Map<String, byte[]> out = new HashMap<>();
        Response f = entry.get(1);
        for (int i = 0; i + 1 < f.size(); i += 2) {
            out.put(f.get(i).toString(), f.get(i + 1).toBytes());
        }
        return out;
    }

    @Test
    void aPublishWritesDataMetadataAndContentType() {
        String topic = redis.topic("layout");
        byte[] data = { 0, (byte) 0xff, '{', '"', (byte) 0x80, '\n' };
        await(redis.pubsub(Map.of()).publish(new PublishRequest(topic, data, "application/octet-stream",
                Map.of("rawPayload", "true", "priority", "high"))));

        Response entries = redis.raw(Command.XRANGE, topic, "-", "+");
        assertEquals(1, entries.size());
        Map<String, byte[]> f = fields(entries.get(0));
        assertArrayEquals(data, f.get("data"), "the bytes exactly");
        assertEquals(new JsonObject(Map.of("rawPayload", "true", "priority", "high")),
                new JsonObject(new String(f.get("metadata"), StandardCharsets.UTF_8)));
        assertEquals("application/octet-stream", new String(f.get("contentType"), StandardCharsets.UTF_8));
        assertEquals(3, f.size());
    }

    @Test
    void aPublishWithoutMetadataWritesAnEmptyObjectAndNoContentType() {
        String topic = redis.topic("bare");
        await(redis.pubsub(Map.of()).publish(new PublishRequest(topic, StreamFixture.utf8("x"), null, Map.of())));

        Map<String, byte[]> f = fields(redis.raw(Command.XRANGE, topic, "-", "+").get(0));
        assertEquals("{}", new String(f.get("metadata"), StandardCharsets.UTF_8));
        assertEquals(List.of("data", "metadata"), f.keySet().stream().sorted().toList());
    }

    @Test
    void anEntryDaprdWroteIsDeliveredWithItsMetadata() throws InterruptedException {
        String topic = redis.topic("from-daprd");
        String cloudEvent = "{\"specversion\":\"1.0\",\"id\":\"1\",\"data\":\"hi\"}";
        // what daprd's XADD leaves: no contentType field
        redis.raw(Command.XADD, topic, "*", "data", cloudEvent, "metadata", "{\"traceparent\":\"00-ab-cd-01\"}");
        redis.raw(Command.XADD, topic, "*", "data", "no metadata at all");
        redis.raw(Command.XADD, topic, "*", "data", "metadata that is not JSON", "metadata", "[1,2");

        Recorder r = Recorder.accepting();
        redis.subscribe(redis.pubsub(Map.of()), topic, r);

        assertTrue(StreamFixture.eventually(WAIT, () -> r.total() == 3), "all three delivered");
        Message first = r.messages().stream().filter(m -> new String(m.data(), StandardCharsets.UTF_8)
                .equals(cloudEvent)).findFirst().orElseThrow();
        assertEquals(topic, first.topic());
        assertEquals(Map.of("traceparent", "00-ab-cd-01"), first.metadata());
        assertNull(first.contentType());
        for (Message m : r.messages()) {
            if (m != first) {
                assertEquals(Map.of(), m.metadata());
            }
        }
    }

    @Test
    void anEntryWrittenHereIsDeliveredWithItsContentTypeAndMetadata() throws InterruptedException {
        String topic = redis.topic("round-trip");
        RedisPubSub pubsub = redis.pubsub(Map.of());
        Recorder r = Recorder.accepting();
        redis.subscribe(pubsub, topic, r);
        await(pubsub.publish(new PublishRequest(topic, StreamFixture.utf8("{\"a\":1}"), "application/json",
                Map.of("k", "v"))));

        assertTrue(StreamFixture.eventually(WAIT, () -> r.total() == 1));
        Message m = r.messages().get(0);
        assertEquals("application/json", m.contentType());
        assertEquals(Map.of("k", "v"), m.metadata());
    }

    @Test
    void maxLenApproxTrimsTheStreamOnPublish() {
        String topic = redis.topic("maxlen");
        RedisPubSub pubsub = redis.pubsub(Map.of("maxLenApprox", "10"));
        for (int i = 0; i < 250; i++) {
            StreamFixture.publish(pubsub, topic, "m" + i);
        }
        // "~" trims whole stream nodes (100 entries each by default), never below the length asked
        long len = redis.raw(Command.XLEN, topic).toLong();
        assertTrue(len >= 10 && len <= 150, "length " + len);
    }

    @Test
    void streamTtlTrimsEntriesOlderThanTheClockSays() {
        String topic = redis.topic("minid");
        // 150 entries written at 1 ms, 2 ms, ... after the epoch: a full node of them is old
        for (int i = 1; i <= 150; i++) {
            redis.raw(Command.XADD, topic, i + "-1", "data", "old" + i);
        }
        Clock clock = Clock.fixed(Instant.ofEpochMilli(3_600_000 + 1000), ZoneOffset.UTC);
        RedisPubSub pubsub = redis.pubsub(Map.of("streamTTL", "1h"), clock);
        StreamFixture.publish(pubsub, topic, "new");

        long len = redis.raw(Command.XLEN, topic).toLong();
        assertTrue(len < 151 && len >= 1, "length " + len);
        String firstId = redis.raw(Command.XRANGE, topic, "-", "+", "COUNT", "1").get(0).get(0).toString();
        assertTrue(Long.parseLong(firstId.substring(0, firstId.indexOf('-'))) > 100, "first left: " + firstId);
    }
}
