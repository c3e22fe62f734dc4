package io.quapr.components.state.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * Creates the tables exactly as daprd's SQLite state store does, so that either can open a file
 * the other wrote.
 *
 * <p>
 * daprd keeps a schema level under the key {@code migrations} in the metadata table (currently
 * {@code 1}: the state table exists) and applies missing levels inside one exclusive transaction,
 * so two processes starting together do not race. This does the same, with one difference: the
 * state table is created if missing whatever the level says, because two components may share a
 * metadata table while naming different state tables.
 */
final class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class);

    /** The schema level daprd's migrations reach; a higher one comes from a newer daprd. */
    static final int LEVEL = 1;

    /** The key under which the metadata table holds the schema level. */
    static final String LEVEL_KEY = "migrations";

    private SchemaMigration() {
    }

    /** Brings a writable database up to {@link #LEVEL}. */
    static void migrate(Connection c, SqliteOptions options) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN EXCLUSIVE TRANSACTION");
            try {
                s.execute("CREATE TABLE IF NOT EXISTS " + options.metadataTableName() + " (\n"
                        + "  key text NOT NULL PRIMARY KEY,\n"
                        + "  value text NOT NULL\n"
                        + ")");
                int level = level(c, options.metadataTableName());
                if (!tableExists(c, options.tableName())) {
                    LOG.infof("Creating SQLite state table '%s'", options.tableName());
                    s.execute(createStateTable(options.tableName()));
                }
                if (level < LEVEL) {
                    try (PreparedStatement p = c.prepareStatement(
                            "REPLACE INTO " + options.metadataTableName() + " (key, value) VALUES (?, ?)")) {
                        p.setString(1, LEVEL_KEY);
                        p.setString(2, Integer.toString(LEVEL));
                        p.executeUpdate();
                    }
                }
                s.execute("COMMIT TRANSACTION");
            } catch (SQLException | RuntimeException e) {
                try {
                    s.execute("ROLLBACK TRANSACTION");
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            }
        }
    }

    /** Checks that a database opened read-only already has the state table. */
    static void verify(Connection c, SqliteOptions options) throws SQLException {
        if (!tableExists(c, options.tableName())) {
            throw new SQLException("the read-only SQLite database has no table '" + options.tableName() + "'");
        }
    }

    /** daprd's state table, column for column. */
    static String createStateTable(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " (\n"
                + "  key TEXT NOT NULL PRIMARY KEY,\n"
                + "  value TEXT NOT NULL,\n"
                + "  is_binary BOOLEAN NOT NULL,\n"
                + "  etag TEXT NOT NULL,\n"
                + "  expiration_time TIMESTAMP DEFAULT NULL,\n"
                + "  update_time TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n"
                + ")";
    }

    private static int level(Connection c, String metadataTable) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT value FROM " + metadataTable + " WHERE key = ?")) {
            p.setString(1, LEVEL_KEY);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return 0;
                }
                String v = rs.getString(1);
                try {
                    int level = Integer.parseInt(v.trim());
                    if (level >= 0) {
                        return level;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new SQLException("invalid migration level found in metadata table: " + v);
            }
        }
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        String sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, table);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }
}
