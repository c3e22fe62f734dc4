package io.quapr.components.state.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.MetadataException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Connection strings as daprd accepts them. */
class ConnectionTargetTest {

    @Test
    void aRelativePathIsResolvedAgainstTheWorkingDirectory() {
        ConnectionTarget t = ConnectionTarget.parse("data/state.db");
        assertEquals(Path.of("data/state.db").toAbsolutePath().normalize(), t.file());
        assertEquals("jdbc:sqlite:file:" + t.file(), t.jdbcUrl());
        assertFalse(t.memory());
        assertFalse(t.readOnly());
        assertEquals("BEGIN IMMEDIATE", t.beginStatement());
    }

    @Test
    void anAbsolutePathIsKept() {
        ConnectionTarget t = ConnectionTarget.parse("/var/lib/quapr/state.db");
        assertEquals(Path.of("/var/lib/quapr/state.db"), t.file());
        assertEquals("jdbc:sqlite:file:/var/lib/quapr/state.db", t.jdbcUrl());
    }

    @Test
    void fileUrisInEveryFormNameTheSameFile() {
        Path abs = Path.of("/tmp/q/state.db");
        assertEquals(abs, ConnectionTarget.parse("file:/tmp/q/state.db").file());
        assertEquals(abs, ConnectionTarget.parse("file:///tmp/q/state.db").file());
        assertEquals(abs, ConnectionTarget.parse("file://localhost/tmp/q/state.db").file());
        assertEquals(Path.of("/tmp/q/my state.db"), ConnectionTarget.parse("file:/tmp/q/my%20state.db").file());
        assertEquals(Path.of("rel.db").toAbsolutePath(), ConnectionTarget.parse("file:rel.db").file());
    }

    @Test
    void sqliteUriParametersPassThroughAndDaprdDriverOptionsAreApplied() {
        ConnectionTarget t = ConnectionTarget.parse(
                "file:/tmp/q.db?mode=ro&_txlock=deferred&_pragma=synchronous(NORMAL)&_pragma=cache_size%3D-4000&cache=private&_time_format=sqlite&bogus=1");
        assertEquals("jdbc:sqlite:file:/tmp/q.db?mode=ro&cache=private", t.jdbcUrl());
        assertTrue(t.readOnly());
        assertEquals("BEGIN DEFERRED", t.beginStatement());
        assertEquals(List.of("synchronous(NORMAL)", "cache_size=-4000"), t.pragmas());
        assertEquals(List.of("_time_format", "bogus"), t.ignored());
    }

    @Test
    void immutableMeansReadOnly() {
        assertTrue(ConnectionTarget.parse("file:/tmp/q.db?immutable=1").readOnly());
    }

    @ParameterizedTest
    @ValueSource(strings = { ":memory:", "file::memory:", "FILE::MEMORY:?cache=shared", "file:shared?mode=memory" })
    void inMemoryDatabasesHaveNoFile(String cs) {
        ConnectionTarget t = ConnectionTarget.parse(cs);
        assertTrue(t.memory(), cs);
        assertNull(t.file());
        assertTrue(t.jdbcUrl().startsWith("jdbc:sqlite:file:"), t.jdbcUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = { "busy_timeout(2000)", "journal_mode(WAL)", "foreign_keys(1)", "BUSY_TIMEOUT=1" })
    void pragmasOwnedByMetadataFieldsAreRefusedAsDaprdRefusesThem(String pragma) {
        MetadataException e = assertThrows(MetadataException.class,
                () -> ConnectionTarget.parse("file:data.db?_pragma=" + pragma));
        assertTrue(e.getMessage().contains("forbidden"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = { "synchronous(NORMAL);DROP TABLE state", "x(1) y", "(1)" })
    void pragmasThatAreNotPlainAreRefused(String pragma) {
        assertThrows(MetadataException.class, () -> ConnectionTarget.parse("data.db?_pragma=" + pragma));
    }

    @Test
    void anUnknownTxlockIsRefused() {
        assertThrows(MetadataException.class, () -> ConnectionTarget.parse("data.db?_txlock=sometimes"));
    }

    @Test
    void aRemoteHostIsRefused() {
        assertThrows(MetadataException.class, () -> ConnectionTarget.parse("file://server/share/data.db"));
    }
}
