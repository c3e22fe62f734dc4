package io.quapr.components.state.sqlite;

import static io.quapr.components.state.sqlite.StoreHarness.await;
import static io.quapr.components.state.sqlite.StoreHarness.get;
import static io.quapr.components.state.sqlite.StoreHarness.set;
import static io.quapr.components.state.sqlite.StoreHarness.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.MetadataException;
import io.quapr.spi.state.SetRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Metadata fields, in-memory and read-only databases, and the failures init reports. */
class SqliteConfigTest {

    @RegisterExtension
    final StoreHarness h = new StoreHarness();

    @Test
    void inMemoryDatabasesArePrivateToTheirComponent() {
        SqliteStateStore a = h.open(Map.of("connectionString", ":memory:"));
        SqliteStateStore b = h.open(Map.of("connectionString", ":memory:"));
        set(a, "k", "1");
        assertEquals("1", text(get(a, "k")));
        assertFalse(get(b, "k").found());
    }

    @Test
    void customTableNamesAndTheRollbackJournal() throws Exception {
        SqliteStateStore store = h.open("tableName", "orders", "metadataTableName", "orders_meta", "disableWAL",
                "true");
        set(store, "k", "1");
        h.closeStore(store);
        try (Connection c = StoreHarness.raw(h.file("db.sqlite"))) {
            assertEquals("1", DaprdLayoutTest.query(c, "SELECT value FROM orders WHERE key = 'k'"));
            assertEquals("1", DaprdLayoutTest.query(c, "SELECT value FROM orders_meta WHERE key = 'migrations'"));
            assertEquals("delete", DaprdLayoutTest.query(c, "PRAGMA journal_mode"));
        }
    }

    @Test
    void twoTablesMayShareOneMetadataTable() {
        SqliteStateStore a = h.open("tableName", "first");
        SqliteStateStore b = h.open("tableName", "second");
        set(a, "k", "a");
        set(b, "k", "b");
        assertEquals("a", text(get(a, "k")));
        assertEquals("b", text(get(b, "k")));
    }

    @Test
    void pragmasFromTheConnectionStringAreApplied() throws Exception {
        SqliteStateStore store = h.open(Map.of("connectionString",
                "file:" + h.file("db.sqlite") + "?_pragma=user_version(7)&_txlock=exclusive"));
        set(store, "k", "1");
        await(store.multi(List.of(SetRequest.of("a", new byte[] { 1 }),
                SetRequest.of("b", new byte[] { 2 })), Map.of()));
        try (Connection c = StoreHarness.raw(h.file("db.sqlite"))) {
            assertEquals("7", DaprdLayoutTest.query(c, "PRAGMA user_version"));
        }
    }

    @Test
    void aReadOnlyDatabaseIsReadButNotWritten() {
        SqliteStateStore writer = h.open();
        set(writer, "k", "1");
        h.closeStore(writer);
        SqliteStateStore reader = h.open(Map.of("connectionString", "file:" + h.file("db.sqlite") + "?mode=ro"));
        assertEquals("1", text(get(reader, "k")));
        assertTrue(StoreHarness.failure(
                reader.set(SetRequest.of("k", StoreHarness.utf8("2")))) instanceof SQLException);
    }

    @Test
    void aReadOnlyDatabaseWithoutTheTableFailsInit() throws Exception {
        try (Connection c = StoreHarness.raw(h.file("empty.db"))) {
            c.createStatement().execute("CREATE TABLE other (x)");
        }
        Throwable e = assertThrows(Throwable.class,
                () -> h.open(Map.of("connectionString", "file:" + h.file("empty.db") + "?mode=ro")));
        assertTrue(e.getMessage().contains("no table 'state'"), e.getMessage());
    }

    @Test
    void badMetadataFailsInitNamingTheField() {
        assertBad("tableName", Map.of("tableName", "state; DROP TABLE x"));
        assertBad("metadataTableName", Map.of("metadataTableName", "a-b"));
        assertBad("timeout", Map.of("timeout", "500ms"));
        assertBad("timeout", Map.of("timeout", "soon"));
        assertBad("busy_timeout", Map.of("connectionString", "data.db?_pragma=busy_timeout(10)"));
    }

    @Test
    void timeoutsInSecondsOrGoDurationsAreAccepted() {
        SqliteStateStore store = h.open("timeout", "30", "busyTimeout", "0", "cleanupInterval", "0");
        set(store, "k", "1");
    }

    private void assertBad(String field, Map<String, String> extra) {
        Map<String, String> md = new HashMap<>(Map.of("connectionString", h.file("bad.db").toString()));
        md.putAll(extra);
        MetadataException e = assertThrows(MetadataException.class, () -> h.open(md));
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }
}
