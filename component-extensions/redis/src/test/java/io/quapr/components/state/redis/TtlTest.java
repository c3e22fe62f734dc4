package io.quapr.components.state.redis;

import static io.quapr.components.state.redis.RedisFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.InvalidTtlException;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOptions;
import io.vertx.redis.client.Command;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A TTL is the key's Redis expiry; reads report it as {@code ttlExpireTime}, computed from the
 * component's clock and the time Redis says is left.
 */
class TtlTest {

    private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

    @RegisterExtension
    final RedisFixture redis = new RedisFixture();
    private RedisStateStore store;
    private String key;

    @BeforeEach
    void open() {
        store = redis.store(Clock.fixed(NOW, ZoneOffset.UTC), Map.of());
        key = redis.key("ttl");
    }

    private void set(Map<String, String> metadata) {
        await(store.set(new SetRequest(key, "v".getBytes(StandardCharsets.UTF_8), null, metadata,
                StateOptions.DEFAULT)));
    }

    private long pttl() {
        return redis.raw(Command.PTTL, key).toLong();
    }

    @Test
    void aTtlExpiresTheHashAndIsReportedOnRead() {
        set(Map.of("ttlInSeconds", "3600"));

        long pttl = pttl();
        assertTrue(pttl > 3_590_000 && pttl <= 3_600_000, "PTTL " + pttl);
        GetResponse got = await(store.get(GetRequest.of(key)));
        // the clock stands still; the few milliseconds Redis has counted down round away
        assertEquals("2030-01-02T04:04:05Z", got.metadata().get(GetResponse.TTL_EXPIRE_TIME));
    }

    @Test
    void minusOnePersistsAndSoDoesAWriteWithoutTtl() {
        set(Map.of("ttlInSeconds", "100"));
        set(Map.of("ttlInSeconds", "-1"));
        assertEquals(-1, pttl());
        assertFalse(await(store.get(GetRequest.of(key))).metadata().containsKey(GetResponse.TTL_EXPIRE_TIME));

        set(Map.of("ttlInSeconds", "100"));
        set(Map.of());
        assertEquals(-1, pttl(), "a write without TTL leaves a key that does not expire");
    }

    @Test
    void theComponentTtlAppliesWhenTheRequestGivesNone() {
        RedisStateStore withDefault = redis.store(Clock.systemUTC(), Map.of("ttlInSeconds", "600"));
        await(withDefault.set(SetRequest.of(key, "v".getBytes(StandardCharsets.UTF_8))));
        long pttl = pttl();
        assertTrue(pttl > 590_000 && pttl <= 600_000, "PTTL " + pttl);

        await(withDefault.set(new SetRequest(key, "v".getBytes(StandardCharsets.UTF_8), null,
                Map.of("ttlInSeconds", "-1"), StateOptions.DEFAULT)));
        assertEquals(-1, pttl());
    }

    @Test
    void aTtlThatIsNotANumberIsRefusedBeforeWriting() {
        assertThrows(InvalidTtlException.class, () -> set(Map.of("ttlInSeconds", "soon")));
        assertEquals(0, redis.raw(Command.EXISTS, key).toInteger());
    }

    @Test
    void anExpiredKeyIsGone() {
        set(Map.of("ttlInSeconds", "100"));
        // make Redis expire it now rather than sleeping
        redis.raw(Command.PEXPIRE, key, "1");
        redis.raw(Command.PING);
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (redis.raw(Command.EXISTS, key).toInteger() == 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertFalse(await(store.get(GetRequest.of(key))).found());
    }
}
