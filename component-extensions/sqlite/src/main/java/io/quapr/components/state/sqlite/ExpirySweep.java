package io.quapr.components.state.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes expired rows, at most once per {@code cleanupInterval} across every process sharing
 * the file: like daprd, it first moves the {@code last-cleanup} time in the metadata table, and
 * only the process that managed to move it deletes. Reads already skip expired rows; this only
 * reclaims their space.
 */
final class ExpirySweep {

    /** The metadata table key daprd keeps the last cleanup time under. */
    static final String LAST_CLEANUP_KEY = "last-cleanup";

    private ExpirySweep() {
    }

    /**
     * Claims this round and deletes; run inside one write transaction.
     *
     * @return the rows deleted, or {@code -1} when another sweep ran less than an interval ago
     */
    static long sweep(StateTable table, Connection c, String metadataTable, Instant now, Duration interval)
            throws SQLException {
        // the time is written as CURRENT_TIMESTAMP would write it, since daprd compares it with unixepoch();
        // a value unixepoch() cannot read would otherwise block every sweep for good
        String claim = "INSERT INTO " + metadataTable + " (key, value) VALUES (?, ?) ON CONFLICT (key)"
                + " DO UPDATE SET value = excluded.value"
                + " WHERE unixepoch(value) IS NULL OR (unixepoch(excluded.value) - unixepoch(value)) * 1000 > ?";
        try (PreparedStatement p = table.prepare(c, claim)) {
            p.setString(1, LAST_CLEANUP_KEY);
            p.setString(2, SqliteTime.seconds(now));
            // 100 ms of slack, as daprd allows, so a timer firing a little early still sweeps
            p.setLong(3, interval.toMillis() - 100);
            if (p.executeUpdate() == 0) {
                return -1;
            }
        }
        try (PreparedStatement p = table.prepare(c, "DELETE FROM " + table.name()
                + " WHERE expiration_time IS NOT NULL AND expiration_time <= ?")) {
            p.setString(1, SqliteTime.stored(now));
            return p.executeUpdate();
        }
    }
}
