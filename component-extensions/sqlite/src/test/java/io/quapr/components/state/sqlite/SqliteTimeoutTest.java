package io.quapr.components.state.sqlite;

import static io.quapr.components.state.sqlite.StoreHarness.failure;
import static io.quapr.components.state.sqlite.StoreHarness.get;
import static io.quapr.components.state.sqlite.StoreHarness.raw;
import static io.quapr.components.state.sqlite.StoreHarness.set;
import static io.quapr.components.state.sqlite.StoreHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.state.SetRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code timeout} bounds an operation; {@code busyTimeout} bounds waiting on another process's lock. */
class SqliteTimeoutTest {

    @RegisterExtension
    final StoreHarness h = new StoreHarness();

    @Test
    void anOperationRunningPastTheTimeoutIsInterruptedAndTheConnectionStaysUsable() throws Exception {
        SqliteOptions options = SqliteOptions.from(StoreHarness.bind(Map.of("connectionString",
                h.file("slow.db").toString(), "timeout", "1s")));
        try (SqliteDatabase db = SqliteDatabase.open(options, h.vertx)) {
            long started = System.nanoTime();
            SQLException e = Assertions.assertThrows(SQLTimeoutException.class,
                    () -> db.read(c -> count(c, "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r)"
                            + " SELECT count(*) FROM r")));
            long tookMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertTrue(tookMs >= 900 && tookMs < 10_000, "took " + tookMs + " ms: " + e);
            for (int i = 0; i < SqliteDatabase.READERS + 1; i++) {
                assertEquals(Integer.valueOf(1), db.read(c -> count(c, "SELECT 1")), "every reader is usable again");
            }
            assertEquals(Integer.valueOf(1), db.write(c -> count(c, "SELECT 1")));
        }
    }

    @Test
    void closeLetsAReadUnderWayFinishThenRefusesCalls() throws Exception {
        SqliteOptions options = SqliteOptions.from(StoreHarness.bind(Map.of("connectionString",
                h.file("closing.db").toString())));
        SqliteDatabase db = SqliteDatabase.open(options, h.vertx);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Integer> read = CompletableFuture
                .supplyAsync(() -> {
                    try {
                        return db.read(c -> {
                            started.countDown();
                            return count(c, "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r"
                                    + " WHERE i < 3000000) SELECT count(*) FROM r");
                        });
                    } catch (SQLException e) {
                        throw new CompletionException(e);
                    }
                });
        started.await();
        db.close();
        assertEquals(3_000_000, read.get());
        Assertions.assertThrows(SQLException.class, () -> db.read(c -> count(c, "SELECT 1")));
        Assertions.assertThrows(SQLException.class, () -> db.write(c -> count(c, "SELECT 1")));
    }

    @Test
    void aLockHeldByAnotherProcessFailsAWriteAfterBusyTimeout() throws Exception {
        SqliteStateStore store = h.open("busyTimeout", "200ms");
        set(store, "k", "1");
        try (Connection other = raw(h.file("db.sqlite")); Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            long started = System.nanoTime();
            Throwable e = failure(store.set(SetRequest.of("k", utf8("2"))));
            long tookMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertInstanceOf(SQLException.class, e);
            assertTrue(e.getMessage().contains("SQLITE_BUSY"), e.getMessage());
            assertTrue(tookMs >= 150 && tookMs < 5_000, "waited " + tookMs + " ms, not about busyTimeout");
            assertEquals("1", StoreHarness.text(get(store, "k")), "WAL: reads go on while another process writes");
            s.execute("ROLLBACK");
        }
        set(store, "k", "3");
    }

    @Test
    void aLockReleasedWithinBusyTimeoutIsWaitedFor() throws Exception {
        SqliteStateStore store = h.open("busyTimeout", "5s");
        set(store, "k", "1");
        try (Connection other = raw(h.file("db.sqlite")); Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            h.vertx.setTimer(300, id -> {
                try {
                    s.execute("COMMIT");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            set(store, "k", "2");
        }
        assertEquals("2", StoreHarness.text(get(store, "k")));
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
