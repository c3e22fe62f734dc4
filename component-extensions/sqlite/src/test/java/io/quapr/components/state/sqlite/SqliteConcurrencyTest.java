package io.quapr.components.state.sqlite;

import static io.quapr.components.state.sqlite.StoreHarness.await;
import static io.quapr.components.state.sqlite.StoreHarness.get;
import static io.quapr.components.state.sqlite.StoreHarness.text;
import static io.quapr.components.state.sqlite.StoreHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOptions;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many callers at once: writes queue for the writer instead of failing with SQLITE_BUSY. */
class SqliteConcurrencyTest {

    @RegisterExtension
    final StoreHarness h = new StoreHarness();

    @Test
    void hundredsOfConcurrentWritesReadsAndTransactionsAllSucceed() {
        SqliteStateStore store = h.open();
        List<Uni<Void>> calls = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < 400; i++) {
            String key = "k" + (i % 40);
            Uni<?> call = switch (i % 4) {
                case 0 -> store.set(SetRequest.of(key, utf8(Integer.toString(i))));
                case 1 -> store.get(GetRequest.of(key));
                case 2 -> store.multi(List.of(SetRequest.of(key + "-t", utf8("1")), SetRequest.of(key, utf8("2")),
                        DeleteRequest.of(key + "-t")), Map.of());
                default -> store.bulkSet(List.of(SetRequest.of(key + "-b1", utf8("1")), SetRequest.of(key + "-b2",
                        utf8("2"))));
            };
            calls.add(call.onFailure().invoke(failures::add).onFailure().recoverWithNull().replaceWithVoid());
        }
        await(Uni.join().all(calls).andFailFast());
        assertTrue(failures.isEmpty(), () -> "failed: " + failures);
    }

    @Test
    void concurrentETagWritersLoseCleanlyAndNoUpdateIsLost() {
        SqliteStateStore store = h.open();
        await(store.set(SetRequest.of("counter", utf8("0"))));
        AtomicInteger won = new AtomicInteger();
        List<Uni<Void>> rounds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rounds.add(increment(store, won));
        }
        await(Uni.join().all(rounds).andFailFast());
        assertEquals(20, won.get());
        assertEquals("20", text(get(store, "counter")));
    }

    /** Read, add one, write with the ETag read; on a mismatch start over. */
    private static Uni<Void> increment(SqliteStateStore store, AtomicInteger won) {
        return store.get(GetRequest.of("counter")).chain(r -> {
            int n = Integer.parseInt(text(r));
            return store.set(new SetRequest("counter", utf8(Integer.toString(n + 1)), r.etag(), Map.of(),
                    StateOptions.DEFAULT));
        }).invoke(won::incrementAndGet).onFailure(ETagMismatchException.class)
                .recoverWithUni(e -> increment(store, won));
    }

    @Test
    void twoStoresOnOneFileShareItThroughSqliteLocking() {
        SqliteStateStore a = h.open();
        SqliteStateStore b = h.open();
        List<Uni<Void>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            SqliteStateStore s = i % 2 == 0 ? a : b;
            String key = "shared" + (i % 10);
            calls.add(i % 3 == 0
                    ? s.multi(List.of(SetRequest.of(key, utf8("1")), SetRequest.of(key + "x", utf8("1"))), Map.of())
                    : s.set(SetRequest.of(key, utf8(Integer.toString(i)))));
        }
        await(Uni.join().all(calls).andFailFast());
        set(a, "from-a");
        assertTrue(get(b, "from-a").found(), "b reads what a wrote");
    }

    private static void set(SqliteStateStore s, String key) {
        await(s.set(SetRequest.of(key, utf8("1"))));
    }
}
