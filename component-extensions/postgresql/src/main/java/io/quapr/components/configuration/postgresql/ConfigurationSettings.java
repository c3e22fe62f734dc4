package io.quapr.components.configuration.postgresql;

import io.quapr.components.postgresql.ClientOptions;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The component's metadata, read and checked once in {@code init}, with daprd's rules for the
 * names it writes into SQL: lower-case identifiers of at most 64 characters.
 *
 * @param table the items' table
 * @param notifyChannel the channel subscriptions listen on, or {@code null} when each subscribe
 *        request names its own
 * @param client the Vert.x client options
 */
record ConfigurationSettings(String table, String notifyChannel, ClientOptions.Built client) {

    /** daprd's limit for table and channel names. */
    static final int MAX_IDENTIFIER_LENGTH = 64;
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z0-9./_]*");

    /**
     * Reads the metadata.
     *
     * @param md the bound metadata
     * @param env the process environment, for the {@code PG*} defaults
     * @throws MetadataException naming the field at fault
     */
    static ConfigurationSettings from(ComponentMetadata md, Map<String, String> env) {
        Duration timeout = md.duration("timeout", Duration.ofSeconds(20));
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new MetadataException("invalid value for 'timeout': must be greater than 1s");
        }
        String table = md.get("table").orElse("");
        if (table.isEmpty()) {
            throw new MetadataException("missing postgreSQL configuration table name");
        }
        if (table.length() > MAX_IDENTIFIER_LENGTH) {
            throw new MetadataException("table name is too long - tableName : '" + table
                    + "'. max allowed field length is " + MAX_IDENTIFIER_LENGTH);
        }
        if (!IDENTIFIER.matcher(table).matches()) {
            throw new MetadataException("invalid table name '" + table
                    + "'. non-alphanumerics or upper cased table names are not supported");
        }
        String channel = md.get("notifyChannel").or(() -> md.get("pgNotifyChannel")).orElse(null);
        if (channel != null && !channel.isEmpty()) {
            checkChannel(channel);
        }
        return new ConfigurationSettings(table, channel == null || channel.isEmpty() ? null : channel,
                ClientOptions.fromMetadata(md, env, timeout));
    }

    /**
     * Checks a channel name as daprd does (it is written into {@code LISTEN}).
     *
     * @throws MetadataException worded as daprd words it
     */
    static void checkChannel(String channel) {
        if (channel.length() > MAX_IDENTIFIER_LENGTH) {
            throw new MetadataException("notifyChannel name is too long - \"" + channel + "\". max allowed length is "
                    + MAX_IDENTIFIER_LENGTH);
        }
        if (!IDENTIFIER.matcher(channel).matches()) {
            throw new MetadataException("invalid notifyChannel name \"" + channel
                    + "\". non-alphanumerics or upper cased names are not supported");
        }
    }
}
