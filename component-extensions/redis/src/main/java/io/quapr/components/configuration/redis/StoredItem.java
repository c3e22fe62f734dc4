package io.quapr.components.configuration.redis;

import io.quapr.spi.configuration.ConfigurationItem;
import java.util.Map;

/**
 * daprd's layout of a configuration item in Redis: a string {@code value||version}, the version
 * part optional. As daprd splits it, on every {@code ||}: the value is what comes before the
 * first, the version what comes between the first and the second.
 */
final class StoredItem {

    private static final String SEPARATOR = "||";

    private StoredItem() {
    }

    /** The item a stored string holds. */
    static ConfigurationItem parse(String stored) {
        int first = stored.indexOf(SEPARATOR);
        if (first < 0) {
            return new ConfigurationItem(stored, "", Map.of());
        }
        String rest = stored.substring(first + SEPARATOR.length());
        int second = rest.indexOf(SEPARATOR);
        return new ConfigurationItem(stored.substring(0, first), second < 0 ? rest : rest.substring(0, second),
                Map.of());
    }
}
