package io.quapr.components.state.postgresql;

import io.quapr.components.postgresql.ClientOptions;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The component's metadata, read and checked once in {@code init}.
 *
 * @param tableName the state table, optionally schema-qualified
 * @param metadataTableName the table daprd keeps its schema version and last clean-up time in
 * @param timeout the timeout of every database operation
 * @param cleanupInterval how often expired rows are deleted, or {@code null} for never
 * @param client the Vert.x client options
 */
record PostgresSettings(String tableName, String metadataTableName, Duration timeout, Duration cleanupInterval,
        ClientOptions.Built client) {

    /**
     * Table names are written into SQL text (no driver binds identifiers), so they must be plain
     * identifiers: what daprd accepts in practice, without its injection risk.
     */
    private static final Pattern TABLE_NAME = Pattern
            .compile("[A-Za-z_][A-Za-z0-9_$]{0,62}(\\.[A-Za-z_][A-Za-z0-9_$]{0,62})?");

    /**
     * Reads the metadata.
     *
     * @param md the bound metadata
     * @param env the process environment, for the {@code PG*} defaults
     * @throws MetadataException naming the field at fault
     */
    static PostgresSettings from(ComponentMetadata md, Map<String, String> env) {
        Duration timeout = md.duration("timeout", Duration.ofSeconds(20));
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new MetadataException("invalid value for 'timeout': must be greater than 1s");
        }
        Duration cleanup = md.duration("cleanupInterval", Duration.ofHours(1));
        ClientOptions.Built client = ClientOptions.fromMetadata(md, env, timeout);
        return new PostgresSettings(tableName(md, "tableName", "state"),
                tableName(md, "metadataTableName", "dapr_metadata"), timeout,
                cleanup.isNegative() || cleanup.isZero() ? null : cleanup, client);
    }

    private static String tableName(ComponentMetadata md, String field, String fallback) {
        String name = md.string(field, fallback);
        if (!TABLE_NAME.matcher(name).matches()) {
            throw new MetadataException("invalid value for '" + field + "': '" + name
                    + "' is not a table name (letters, digits, _ and $, optionally schema.table)");
        }
        return name;
    }
}
