package io.quapr.components.state.sqlite;

import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * The component's metadata, parsed and checked as daprd checks it.
 *
 * @param target the parsed {@code connectionString}
 * @param tableName the state table ({@code state})
 * @param metadataTableName the table holding the schema level and the last cleanup time
 *        ({@code metadata})
 * @param timeout the most one operation may take, waiting for the writer included ({@code 20s},
 *        at least 1 s)
 * @param busyTimeout how long SQLite waits for a lock another process holds ({@code 2s}); zero
 *        or less waits not at all
 * @param disableWal keep the rollback journal instead of WAL (for network file systems)
 * @param cleanupInterval how often expired rows are deleted; zero or less never
 */
record SqliteOptions(ConnectionTarget target, String tableName, String metadataTableName, Duration timeout,
        Duration busyTimeout, boolean disableWal, Duration cleanupInterval) {

    static final String CONNECTION_STRING = "connectionString";
    static final String TABLE_NAME = "tableName";
    static final String METADATA_TABLE_NAME = "metadataTableName";
    static final String TIMEOUT = "timeout";
    static final String BUSY_TIMEOUT = "busyTimeout";
    static final String DISABLE_WAL = "disableWAL";
    static final String CLEANUP_INTERVAL = "cleanupInterval";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]+");

    /**
     * Reads the metadata.
     *
     * @throws MetadataException naming the field that is missing or wrong
     */
    static SqliteOptions from(ComponentMetadata metadata) {
        ConnectionTarget target;
        try {
            target = ConnectionTarget.parse(metadata.required(CONNECTION_STRING));
        } catch (IllegalArgumentException e) {
            // a malformed %-escape; MetadataException itself is not an IllegalArgumentException
            throw new MetadataException("metadata key '" + CONNECTION_STRING + "' is malformed: " + e.getMessage(), e);
        }
        Duration timeout = metadata.duration(TIMEOUT, Duration.ofSeconds(20));
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new MetadataException("invalid value for '" + TIMEOUT + "': must be at least 1s");
        }
        return new SqliteOptions(target, identifier(metadata, TABLE_NAME, "state"),
                identifier(metadata, METADATA_TABLE_NAME, "metadata"), timeout,
                metadata.duration(BUSY_TIMEOUT, Duration.ofSeconds(2)).truncatedTo(ChronoUnit.MILLIS),
                metadata.bool(DISABLE_WAL, false), metadata.duration(CLEANUP_INTERVAL, Duration.ZERO));
    }

    /** The timeout in whole seconds, rounded up, as JDBC's query timeout wants it. */
    int timeoutSeconds() {
        long s = timeout.getSeconds() + (timeout.getNano() > 0 ? 1 : 0);
        return (int) Math.min(Integer.MAX_VALUE, s);
    }

    /** The busy timeout in milliseconds, zero for none. */
    int busyTimeoutMillis() {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
    }

    private static String identifier(ComponentMetadata metadata, String key, String fallback) {
        String v = metadata.string(key, fallback);
        // table names are spliced into SQL, so only plain identifiers pass, as in daprd
        if (!IDENTIFIER.matcher(v).matches()) {
            throw new MetadataException("invalid identifier for '" + key + "': '" + v + "'");
        }
        return v;
    }
}
