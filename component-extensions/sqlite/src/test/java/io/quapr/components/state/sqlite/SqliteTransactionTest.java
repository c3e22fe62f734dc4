package io.quapr.components.state.sqlite;

import static io.quapr.components.state.sqlite.StoreHarness.await;
import static io.quapr.components.state.sqlite.StoreHarness.get;
import static io.quapr.components.state.sqlite.StoreHarness.set;
import static io.quapr.components.state.sqlite.StoreHarness.text;
import static io.quapr.components.state.sqlite.StoreHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.state.BulkStateException;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOperation;
import io.quapr.spi.state.StateOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Transactions are all or nothing, in order; bulk writes are each on their own. */
class SqliteTransactionTest {

    @RegisterExtension
    final StoreHarness h = new StoreHarness();
    private SqliteStateStore store;

    @BeforeEach
    void open() {
        store = h.open();
    }

    @Test
    void operationsApplyInOrder() {
        await(store.multi(List.of(SetRequest.of("a", utf8("1")), DeleteRequest.of("a"), SetRequest.of("b", utf8("1")),
                SetRequest.of("b", utf8("2"))), Map.of()));
        assertFalse(get(store, "a").found());
        assertEquals("2", text(get(store, "b")));
    }

    @Test
    void aMismatchAnywhereLeavesEveryKeyAsItWas() {
        set(store, "a", "1");
        set(store, "gone", "1");
        List<StateOperation> ops = List.of(SetRequest.of("a", utf8("2")), DeleteRequest.of("gone"),
                SetRequest.of("new", utf8("1")),
                new SetRequest("a", utf8("3"), "stale", Map.of(), StateOptions.DEFAULT));
        assertThrows(ETagMismatchException.class, () -> await(store.multi(ops, Map.of())));
        assertEquals("1", text(get(store, "a")));
        assertTrue(get(store, "gone").found());
        assertFalse(get(store, "new").found());
        // and the writer is usable afterwards: the transaction was rolled back, not left open
        set(store, "after", "1");
        assertTrue(get(store, "after").found());
    }

    @Test
    void bulkSetKeepsTheWritesThatSucceeded() {
        set(store, "b", "1");
        BulkStateException e = assertThrows(BulkStateException.class, () -> await(store.bulkSet(List.of(
                SetRequest.of("a", utf8("1")),
                new SetRequest("b", utf8("2"), "stale", Map.of(), StateOptions.DEFAULT),
                SetRequest.of("c", utf8("1"))))));
        assertEquals(List.of("b"), List.copyOf(e.failures().keySet()));
        assertTrue(e.failures().get("b") instanceof ETagMismatchException);
        assertEquals("1", text(get(store, "a")));
        assertEquals("1", text(get(store, "b")));
        assertEquals("1", text(get(store, "c")));
        await(store.bulkDelete(List.of(DeleteRequest.of("a"), DeleteRequest.of("c"))));
        assertFalse(get(store, "a").found());
        assertFalse(get(store, "c").found());
    }

    @Test
    void bulkGetAnswersInRequestOrderWithMissingKeys() {
        set(store, "x", "1");
        set(store, "y", "2");
        var items = await(store.bulkGet(List.of(GetRequest.of("y"), GetRequest.of("nope"), GetRequest.of("x"),
                GetRequest.of("y"))));
        assertEquals(List.of("y", "nope", "x", "y"), items.stream().map(i -> i.key()).toList());
        assertEquals("2", text(items.get(0).response()));
        assertFalse(items.get(1).response().found());
        assertEquals("1", text(items.get(2).response()));
        assertEquals("2", text(items.get(3).response()));
    }

    @Test
    void bulkGetOfManyKeysSpansSeveralQueries() {
        List<SetRequest> writes = new ArrayList<>();
        List<GetRequest> reads = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            writes.add(SetRequest.of("k" + i, utf8(Integer.toString(i))));
            reads.add(GetRequest.of("k" + i));
        }
        await(store.bulkSet(writes));
        var items = await(store.bulkGet(reads));
        for (int i = 0; i < 1200; i++) {
            assertEquals(Integer.toString(i), text(items.get(i).response()));
        }
    }
}
