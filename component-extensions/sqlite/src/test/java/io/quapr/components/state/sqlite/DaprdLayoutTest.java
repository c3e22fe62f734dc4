package io.quapr.components.state.sqlite;

import static io.quapr.components.state.sqlite.StoreHarness.await;
import static io.quapr.components.state.sqlite.StoreHarness.get;
import static io.quapr.components.state.sqlite.StoreHarness.raw;
import static io.quapr.components.state.sqlite.StoreHarness.set;
import static io.quapr.components.state.sqlite.StoreHarness.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The file looks exactly as daprd's SQLite state store leaves it (components-contrib
 * {@code state/sqlite/sqlite_migrations.go}, {@code sqlite_dbaccess.go}), both ways.
 */
class DaprdLayoutTest {

    @RegisterExtension
    final StoreHarness h = new StoreHarness();

    @Test
    void tablesAndColumnsAreDaprds() throws Exception {
        SqliteStateStore store = h.open();
        h.closeStore(store);
        try (Connection c = raw(h.file("db.sqlite"))) {
            assertEquals(List.of("key TEXT notnull pk", "value TEXT notnull", "is_binary BOOLEAN notnull",
                    "etag TEXT notnull", "expiration_time TIMESTAMP default NULL",
                    "update_time TIMESTAMP notnull default CURRENT_TIMESTAMP"), columns(c, "state"));
            // daprd declares these two "text"; table_info reports declared types upper-cased
            assertEquals(List.of("key TEXT notnull pk", "value TEXT notnull"), columns(c, "metadata"));
            assertEquals("1", query(c, "SELECT value FROM metadata WHERE key = 'migrations'"));
            assertEquals("wal", query(c, "PRAGMA journal_mode"));
        }
    }

    @Test
    void jsonIsStoredAsTextAndBytesAsBase64() throws Exception {
        SqliteStateStore store = h.open();
        set(store, "json", "{\"a\":1}");
        byte[] bytes = { 0, 1, 2, (byte) 0xFF };
        await(store.set(SetRequest.of("bytes", bytes)));
        try (Connection c = raw(h.file("db.sqlite"))) {
            assertEquals("{\"a\":1}|0", query(c, "SELECT value || '|' || is_binary FROM state WHERE key = 'json'"));
            assertEquals(Base64.getEncoder().encodeToString(bytes) + "|1",
                    query(c, "SELECT value || '|' || is_binary FROM state WHERE key = 'bytes'"));
            String etag = query(c, "SELECT etag FROM state WHERE key = 'json'");
            assertTrue(etag.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), etag);
            assertEquals(etag, get(store, "json").etag());
        }
    }

    @Test
    void rowsDaprdWroteAreRead() throws Exception {
        SqliteStateStore store = h.open();
        Path file = h.file("db.sqlite");
        // as daprd writes them: CURRENT_TIMESTAMP-style times, booleans as 0/1, base64 for bytes
        try (Connection c = raw(file);
                PreparedStatement p = c.prepareStatement(
                        "INSERT INTO state (key, value, is_binary, etag, expiration_time, update_time) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert(p, "app||text", "\"hi\"", 0, "e-1", null);
            insert(p, "app||bin", Base64.getEncoder().encodeToString(new byte[] { 9, 8, 7 }), 1, "e-2", null);
            insert(p, "app||ttl", "1", 0, "e-3", "2030-01-01 00:00:05");
            insert(p, "app||gone", "1", 0, "e-4", "2029-12-31 23:59:59");
        }
        GetResponse text = get(store, "app||text");
        assertEquals("\"hi\"", text(text));
        assertEquals("e-1", text.etag());
        assertArrayEquals(new byte[] { 9, 8, 7 }, get(store, "app||bin").data());
        GetResponse ttl = get(store, "app||ttl");
        assertEquals("2030-01-01T00:00:05Z", ttl.metadata().get(GetResponse.TTL_EXPIRE_TIME));
        assertFalse(get(store, "app||gone").found(), "expired by the store's clock");
        h.clock.advance(Duration.ofSeconds(5));
        assertFalse(get(store, "app||ttl").found(), "expired exactly at its expiration_time");
    }

    @Test
    void daprdsOwnQueriesReadWhatThisStoreWrote() throws Exception {
        SqliteStateStore store = h.open("cleanupInterval", "1h");
        await(store.set(new SetRequest("app||ttl", "{\"x\":1}".getBytes(), null,
                Map.of(SetRequest.TTL_IN_SECONDS, "60"), StateOptions.DEFAULT)));
        await(store.sweepExpired());
        try (Connection c = raw(h.file("db.sqlite"))) {
            // sqlite_dbaccess.go's Get, verbatim but for the table name; the harness clock is in 2030
            try (PreparedStatement p = c
                    .prepareStatement("SELECT key, value, is_binary, etag, expiration_time FROM state"
                            + " WHERE key = ? AND (expiration_time IS NULL OR expiration_time > CURRENT_TIMESTAMP)")) {
                p.setString(1, "app||ttl");
                try (ResultSet rs = p.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("{\"x\":1}", rs.getString(2));
                    assertFalse(rs.getBoolean(3));
                    assertEquals("2030-01-01 00:01:00.250", rs.getString(5));
                }
            }
            // its garbage collector's last-cleanup check parses the time this store wrote
            assertEquals("1893456000", query(c, "SELECT unixepoch(value) FROM metadata WHERE key = 'last-cleanup'"));
        }
    }

    private static void insert(PreparedStatement p, String key, String value, int binary, String etag, String exp)
            throws SQLException {
        p.setString(1, key);
        p.setString(2, value);
        p.setInt(3, binary);
        p.setString(4, etag);
        p.setString(5, exp);
        p.setString(6, "2030-01-01 00:00:00");
        p.executeUpdate();
    }

    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> cols = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                String d = rs.getString("name") + " " + rs.getString("type")
                        + (rs.getInt("notnull") == 1 ? " notnull" : "")
                        + (rs.getString("dflt_value") != null ? " default " + rs.getString("dflt_value") : "")
                        + (rs.getInt("pk") == 1 ? " pk" : "");
                cols.add(d);
            }
        }
        return cols;
    }

    static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
