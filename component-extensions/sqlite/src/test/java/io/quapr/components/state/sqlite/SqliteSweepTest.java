package io.quapr.components.state.sqlite;

import static io.quapr.components.state.sqlite.DaprdLayoutTest.query;
import static io.quapr.components.state.sqlite.StoreHarness.await;
import static io.quapr.components.state.sqlite.StoreHarness.raw;
import static io.quapr.components.state.sqlite.StoreHarness.set;
import static io.quapr.components.state.sqlite.StoreHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOptions;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Expired rows leave the file on the sweeper's schedule, judged by the component's clock. */
class SqliteSweepTest {

    @RegisterExtension
    final StoreHarness h = new StoreHarness();

    @Test
    void theTimerDeletesRowsTheClockHasExpired() throws Exception {
        SqliteStateStore store = h.open("cleanupInterval", "50ms");
        await(store.set(withTtl("short", "1")));
        await(store.set(withTtl("long", "100")));
        set(store, "forever", "1");
        assertEquals("3", rows());
        h.clock.advance(Duration.ofSeconds(5));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!"2".equals(rows())) {
            if (System.nanoTime() > deadline) {
                fail("the expired row is still in the file: " + rows() + " rows");
            }
            Thread.sleep(50);
        }
        try (Connection c = raw(h.file("db.sqlite"))) {
            assertEquals("2030-01-01 00:00:05", query(c, "SELECT value FROM metadata WHERE key = 'last-cleanup'"));
        }
    }

    @Test
    void aSweepWithinTheIntervalOfTheLastIsSkipped() throws Exception {
        SqliteStateStore store = h.open("cleanupInterval", "1h");
        await(store.set(withTtl("a", "1")));
        h.clock.advance(Duration.ofSeconds(2));
        assertEquals(1L, await(store.sweepExpired()));
        await(store.set(withTtl("b", "1")));
        h.clock.advance(Duration.ofSeconds(2));
        assertEquals(-1L, await(store.sweepExpired()), "another sweep ran 2 s ago");
        h.clock.advance(Duration.ofHours(1));
        assertEquals(1L, await(store.sweepExpired()));
    }

    @Test
    void aLargeBacklogIsDeletedInBatchesInOneSweep() throws Exception {
        SqliteStateStore store = h.open("cleanupInterval", "1h");
        List<SetRequest> writes = new ArrayList<>();
        for (int i = 0; i < 2 * ExpirySweep.BATCH + 500; i++) {
            writes.add(withTtl("k" + i, "1"));
        }
        await(store.bulkSet(writes));
        set(store, "kept", "1");
        h.clock.advance(Duration.ofSeconds(2));
        assertEquals(2 * ExpirySweep.BATCH + 500L, await(store.sweepExpired()));
        assertEquals("1", rows());
    }

    @Test
    void noTimerWhenTheIntervalIsZero() throws Exception {
        SqliteStateStore store = h.open();
        await(store.set(withTtl("a", "1")));
        h.clock.advance(Duration.ofSeconds(5));
        Thread.sleep(300);
        assertEquals("1", rows());
    }

    private String rows() throws Exception {
        try (Connection c = raw(h.file("db.sqlite"))) {
            return query(c, "SELECT count(*) FROM state");
        }
    }

    private static SetRequest withTtl(String key, String ttl) {
        return new SetRequest(key, utf8("1"), null, Map.of(SetRequest.TTL_IN_SECONDS, ttl), StateOptions.DEFAULT);
    }
}
