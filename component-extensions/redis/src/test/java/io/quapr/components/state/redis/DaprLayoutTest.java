package io.quapr.components.state.redis;

import static io.quapr.components.state.redis.RedisFixture.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.state.Concurrency;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOptions;
import io.vertx.redis.client.Command;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The on-Redis layout is daprd's (components-contrib {@code state/redis/redis.go}): a hash per
 * key with the value's bytes in {@code data} and the write count in {@code version}, which is
 * the ETag. A key daprd wrote reads here, and a key written here reads as daprd reads it.
 */
class DaprLayoutTest {

    @RegisterExtension
    final RedisFixture redis = new RedisFixture();
    private RedisStateStore store;

    @BeforeEach
    void open() {
        store = redis.store();
    }

    @Test
    void aHashDaprdWroteReadsWithItsVersionAsETag() {
        String key = redis.key("written-by-daprd");
        // what daprd's set script leaves after three writes of a JSON value over HTTP
        redis.raw(Command.HSET, key, "data", "{\"n\":1}", "version", "3");

        GetResponse got = await(store.get(GetRequest.of(key)));

        assertEquals("{\"n\":1}", new String(got.data(), StandardCharsets.UTF_8));
        assertEquals("3", got.etag());
        assertFalse(got.metadata().containsKey(GetResponse.TTL_EXPIRE_TIME));
    }

    @Test
    void aWriteHereLeavesDataAndVersionAsDaprdReadsThem() {
        String key = redis.key("written-here");
        byte[] value = { 0, (byte) 0xff, '"', 'x', '"', (byte) 0x80, '\n' };

        await(store.set(SetRequest.of(key, value)));

        assertEquals("hash", redis.raw(Command.TYPE, key).toString());
        assertArrayEquals(value, redis.field(key, "data"), "the bytes are stored as given, no marshalling");
        assertEquals("1", new String(redis.field(key, "version"), StandardCharsets.UTF_8));
        assertEquals(2, redis.raw(Command.HLEN, key).toInteger(), "no fields beyond daprd's");
        assertEquals(-1, redis.raw(Command.PTTL, key).toLong());

        await(store.set(SetRequest.of(key, "next".getBytes(StandardCharsets.UTF_8))));
        assertEquals("2", new String(redis.field(key, "version"), StandardCharsets.UTF_8));
    }

    @Test
    void theVersionDaprdIncrementsIsTheOneAWriteHereChecks() {
        String key = redis.key("shared");
        redis.raw(Command.HSET, key, "data", "a", "version", "7");

        await(store.set(new SetRequest(key, "b".getBytes(StandardCharsets.UTF_8), "7", Map.of(),
                StateOptions.DEFAULT)));
        // daprd's next write increments the same counter
        assertEquals(9, redis.raw(Command.HINCRBY, key, "version", "1").toInteger());

        GetResponse got = await(store.get(GetRequest.of(key)));
        assertEquals("9", got.etag());
        assertEquals("b", new String(got.data(), StandardCharsets.UTF_8));
    }

    @Test
    void firstWriteLeavesDaprdsMarker() {
        String key = redis.key("first-write");
        await(store.set(new SetRequest(key, "v".getBytes(StandardCharsets.UTF_8), null, Map.of(),
                new StateOptions(Concurrency.FIRST_WRITE, Consistency.UNSPECIFIED))));

        assertEquals("0", new String(redis.field(key, "first-write"), StandardCharsets.UTF_8));
        assertEquals("1", await(store.get(GetRequest.of(key))).etag());
    }

    @Test
    void aPlainStringReadsWithoutETagAndIsReplacedByAWrite() {
        String key = redis.key("legacy-string");
        redis.raw(Command.SET, key, "old");

        GetResponse got = await(store.get(GetRequest.of(key)));
        assertEquals("old", new String(got.data(), StandardCharsets.UTF_8));
        assertNull(got.etag());

        await(store.set(SetRequest.of(key, "new".getBytes(StandardCharsets.UTF_8))));
        assertEquals("hash", redis.raw(Command.TYPE, key).toString());
        assertEquals("1", await(store.get(GetRequest.of(key))).etag());
    }

    @Test
    void aHashWithoutVersionIsAnError() {
        String key = redis.key("not-state");
        redis.raw(Command.HSET, key, "data", "x");

        RuntimeException e = assertThrows(RuntimeException.class, () -> await(store.get(GetRequest.of(key))));
        assertTrue(e.getMessage().contains("'data' or 'version'"), e.getMessage());
    }

    @Test
    void anEmptyValueIsFoundNotMissing() {
        String key = redis.key("empty");
        await(store.set(SetRequest.of(key, new byte[0])));

        GetResponse got = await(store.get(GetRequest.of(key)));
        assertTrue(got.found());
        assertEquals(0, got.data().length);
        assertEquals("1", got.etag());
    }

    @Test
    void aMissingKeyIsMissing() {
        assertFalse(await(store.get(GetRequest.of(redis.key("absent")))).found());
    }
}
