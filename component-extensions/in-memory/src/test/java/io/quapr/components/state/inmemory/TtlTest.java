package io.quapr.components.state.inmemory;

import static io.quapr.components.state.inmemory.StoreFixture.await;
import static io.quapr.components.state.inmemory.StoreFixture.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.InvalidTtlException;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TtlTest {

    private static SetRequest withTtl(String key, String ttl) {
        return new SetRequest(key, utf8("v"), null, Map.of(SetRequest.TTL_IN_SECONDS, ttl), StateOptions.DEFAULT);
    }

    @Test
    void expireTimeIsRfc3339UtcToTheSecond() {
        try (StoreFixture f = new StoreFixture()) {
            await(f.store.set(withTtl("k", "60")));
            // 03:04:05.500 + 60 s, cut to the second as Dapr formats it
            assertEquals(Map.of(GetResponse.TTL_EXPIRE_TIME, "2025-01-02T03:05:05Z"), f.get("k").metadata());
        }
    }

    @Test
    void zeroAndNegativeTtlsNeverExpire() {
        try (StoreFixture f = new StoreFixture()) {
            await(f.store.set(withTtl("zero", "0")));
            await(f.store.set(withTtl("never", "-1")));
            f.clock.advance(Duration.ofDays(365));
            for (String key : List.of("zero", "never")) {
                GetResponse r = f.get(key);
                assertTrue(r.found(), key);
                assertFalse(r.metadata().containsKey(GetResponse.TTL_EXPIRE_TIME), key);
            }
        }
    }

    @Test
    void aTtlInsideATransactionApplies() {
        try (StoreFixture f = new StoreFixture()) {
            await(f.store.multi(List.of(withTtl("k", "1")), Map.of()));
            assertTrue(f.get("k").metadata().containsKey(GetResponse.TTL_EXPIRE_TIME));
            f.clock.advance(Duration.ofSeconds(2));
            assertFalse(f.get("k").found());
        }
    }

    @Test
    void aBadTtlInsideATransactionWritesNothing() {
        try (StoreFixture f = new StoreFixture()) {
            assertThrows(InvalidTtlException.class,
                    () -> await(f.store.multi(List.of(SetRequest.of("a", utf8("1")), withTtl("b", "x")), Map.of())));
            assertFalse(f.get("a").found());
        }
    }
}
