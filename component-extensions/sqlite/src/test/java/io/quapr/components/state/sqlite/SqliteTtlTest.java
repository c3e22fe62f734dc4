package io.quapr.components.state.sqlite;

import static io.quapr.components.state.sqlite.StoreHarness.await;
import static io.quapr.components.state.sqlite.StoreHarness.get;
import static io.quapr.components.state.sqlite.StoreHarness.set;
import static io.quapr.components.state.sqlite.StoreHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.state.Concurrency;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.InvalidTtlException;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Expiry follows the component's clock, not SQLite's: moving the clock expires keys. */
class SqliteTtlTest {

    @RegisterExtension
    final StoreHarness h = new StoreHarness();
    private SqliteStateStore store;

    @BeforeEach
    void open() {
        store = h.open();
    }

    @Test
    void aKeyExpiresWhenTheClockPassesItsTtl() {
        await(store.set(ttl("k", "10", null, Concurrency.UNSPECIFIED)));
        GetResponse r = get(store, "k");
        assertEquals("2030-01-01T00:00:10Z", r.metadata().get(GetResponse.TTL_EXPIRE_TIME));
        h.clock.advance(Duration.ofMillis(9_999)); // the clock started at .250
        assertTrue(get(store, "k").found(), "a millisecond before expiry");
        h.clock.advance(Duration.ofMillis(1));
        assertFalse(get(store, "k").found(), "at expiry");
    }

    @Test
    void zeroMinusOneOrNoTtlMeanNoExpiryAndClearAnEarlierOne() {
        for (String t : new String[] { "0", "-1" }) {
            await(store.set(ttl("k", "5", null, Concurrency.UNSPECIFIED)));
            await(store.set(ttl("k", t, null, Concurrency.UNSPECIFIED)));
            assertFalse(get(store, "k").metadata().containsKey(GetResponse.TTL_EXPIRE_TIME), t);
        }
        await(store.set(ttl("k", "5", null, Concurrency.UNSPECIFIED)));
        set(store, "k", "2");
        h.clock.advance(Duration.ofDays(1));
        assertEquals("2", StoreHarness.text(get(store, "k")));
    }

    @Test
    void badTtlsAreRefusedAsDaprdRefusesThem() {
        assertThrows(InvalidTtlException.class,
                () -> await(store.set(ttl("k", "soon", null, Concurrency.UNSPECIFIED))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> await(store.set(ttl("k", "-2", null, Concurrency.UNSPECIFIED))));
        assertTrue(e.getMessage().contains("must be -1 or greater"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> await(store.set(ttl("k", "2147483648", null, Concurrency.UNSPECIFIED))));
        assertFalse(get(store, "k").found());
    }

    @Test
    void anExpiredRowCountsAsAbsentForFirstWriteAndETags() {
        await(store.set(ttl("k", "1", null, Concurrency.UNSPECIFIED)));
        String etag = get(store, "k").etag();
        h.clock.advance(Duration.ofSeconds(2));
        assertThrows(ETagMismatchException.class,
                () -> await(store.set(ttl("k", "", etag, Concurrency.UNSPECIFIED))), "etag of an expired row");
        assertThrows(ETagMismatchException.class,
                () -> await(store.delete(new DeleteRequest("k", etag, Map.of(), StateOptions.DEFAULT))));
        await(store.set(ttl("k", "", null, Concurrency.FIRST_WRITE)));
        assertEquals("\"v\"", StoreHarness.text(get(store, "k")), "first-write over an expired row succeeds");
        assertThrows(ETagMismatchException.class,
                () -> await(store.set(ttl("k", "", null, Concurrency.FIRST_WRITE))), "now it is live");
    }

    private static SetRequest ttl(String key, String ttl, String etag, Concurrency concurrency) {
        return new SetRequest(key, utf8("\"v\""), etag,
                ttl.isEmpty() ? Map.of() : Map.of(SetRequest.TTL_IN_SECONDS, ttl),
                new StateOptions(concurrency, Consistency.UNSPECIFIED));
    }
}
