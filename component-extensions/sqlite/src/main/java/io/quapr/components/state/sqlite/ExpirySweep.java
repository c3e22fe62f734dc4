package io.quapr.components.state.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes expired rows, at most once per {@code cleanupInterval} across every process sharing
 * the file: like daprd, a sweep first moves the {@code last-cleanup} time in the metadata table,
 * and only the process that managed to move it deletes. Reads already skip expired rows; this
 * only reclaims their space.
 */
final class ExpirySweep {

    /** The metadata table key daprd keeps the last cleanup time under. */
    static final String LAST_CLEANUP_KEY = "last-cleanup";

    /** Rows deleted per write, so that a large backlog does not hold the writer for long. */
    static final int BATCH = 1000;

    private ExpirySweep() {
    }

    /**
     * Claims this round for this process.
     *
     * @return whether the sweep may go ahead: no sweep ran less than {@code interval} ago
     */
    static boolean claim(StateTable table, Connection c, String metadataTable, Instant now, Duration interval)
            throws SQLException {
        // written as CURRENT_TIMESTAMP writes it, because daprd compares it with unixepoch();
        // a value unixepoch() cannot read would otherwise stop every later sweep
        String claim = "INSERT INTO " + metadataTable + " (key, value) VALUES (?, ?) ON CONFLICT (key)"
                + " DO UPDATE SET value = excluded.value"
                + " WHERE unixepoch(value) IS NULL OR (unixepoch(excluded.value) - unixepoch(value)) * 1000 > ?";
        try (PreparedStatement p = table.prepare(c, claim)) {
            p.setString(1, LAST_CLEANUP_KEY);
            p.setString(2, SqliteTime.seconds(now));
            // 100 ms of slack, as daprd allows, so a timer firing a little early still sweeps
            p.setLong(3, interval.toMillis() - 100);
            return p.executeUpdate() > 0;
        }
    }

    /** Deletes up to {@link #BATCH} rows expired at {@code now}; returns how many. */
    static int deleteBatch(StateTable table, Connection c, Instant now) throws SQLException {
        String sql = "DELETE FROM " + table.name() + " WHERE rowid IN (SELECT rowid FROM " + table.name()
                + " WHERE expiration_time IS NOT NULL AND expiration_time <= ? LIMIT ?)";
        try (PreparedStatement p = table.prepare(c, sql)) {
            p.setString(1, SqliteTime.stored(now));
            p.setInt(2, BATCH);
            return p.executeUpdate();
        }
    }
}
