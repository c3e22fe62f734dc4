package io.quapr.components.state.sqlite;

import static io.quapr.components.state.sqlite.StoreHarness.await;
import static io.quapr.components.state.sqlite.StoreHarness.get;
import static io.quapr.components.state.sqlite.StoreHarness.set;
import static io.quapr.components.state.sqlite.StoreHarness.text;
import static io.quapr.components.state.sqlite.StoreHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quapr.spi.state.Concurrency;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOptions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ETags and first-write, as daprd's SQLite store enforces them. */
class SqliteETagTest {

    private static final StateOptions FIRST_WRITE = new StateOptions(Concurrency.FIRST_WRITE, Consistency.UNSPECIFIED);

    @RegisterExtension
    final StoreHarness h = new StoreHarness();
    private SqliteStateStore store;

    @BeforeEach
    void open() {
        store = h.open();
    }

    @Test
    void everyWriteGetsANewETagAndOnlyTheCurrentOneWrites() {
        set(store, "k", "1");
        String first = get(store, "k").etag();
        await(store.set(new SetRequest("k", utf8("2"), first, Map.of(), StateOptions.DEFAULT)));
        String second = get(store, "k").etag();
        assertNotEquals(first, second);
        assertThrows(ETagMismatchException.class,
                () -> await(store.set(new SetRequest("k", utf8("3"), first, Map.of(), StateOptions.DEFAULT))));
        assertThrows(ETagMismatchException.class,
                () -> await(store.set(new SetRequest("k", utf8("3"), "not-a-uuid", Map.of(), StateOptions.DEFAULT))));
        assertEquals("2", text(get(store, "k")));
    }

    @Test
    void anETagOnAMissingKeyIsAMismatch() {
        assertThrows(ETagMismatchException.class,
                () -> await(store.set(new SetRequest("none", utf8("1"), "x", Map.of(), StateOptions.DEFAULT))));
        assertThrows(ETagMismatchException.class,
                () -> await(store.delete(new DeleteRequest("none", "x", Map.of(), StateOptions.DEFAULT))));
        await(store.delete(DeleteRequest.of("none")));
    }

    @Test
    void firstWriteWithoutETagOnlyCreates() {
        await(store.set(new SetRequest("k", utf8("1"), null, Map.of(), FIRST_WRITE)));
        assertThrows(ETagMismatchException.class,
                () -> await(store.set(new SetRequest("k", utf8("2"), null, Map.of(), FIRST_WRITE))));
        String etag = get(store, "k").etag();
        await(store.set(new SetRequest("k", utf8("3"), etag, Map.of(), FIRST_WRITE)));
        assertEquals("3", text(get(store, "k")));
    }

    @Test
    void deleteWithTheCurrentETagDeletes() {
        set(store, "k", "1");
        String etag = get(store, "k").etag();
        assertThrows(ETagMismatchException.class,
                () -> await(store.delete(new DeleteRequest("k", "other", Map.of(), StateOptions.DEFAULT))));
        await(store.delete(new DeleteRequest("k", etag, Map.of(), StateOptions.DEFAULT)));
        assertFalse(get(store, "k").found());
    }

    @Test
    void anEmptyKeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> set(store, "", "1"));
    }
}
