package io.quapr.components.configuration.postgresql;

import io.quapr.spi.configuration.ConfigurationItem;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Rows and notifications of the items' table as items. A key may have several rows: as in daprd,
 * the row with the highest numeric version is the item (a version that is not a number counts as
 * -1, and among equals the first row read wins).
 */
final class ItemRows {

    private final Map<String, ConfigurationItem> items = new LinkedHashMap<>();
    private final Map<String, Integer> versions = new LinkedHashMap<>();

    /** Adds a row. */
    void add(String key, String value, String version, Object metadata) {
        int numeric = numeric(version);
        Integer seen = versions.get(key);
        if (seen == null || numeric > seen) {
            items.put(key, new ConfigurationItem(value, version, metadata(metadata)));
            versions.put(key, numeric);
        }
    }

    /** The items by key. */
    Map<String, ConfigurationItem> items() {
        return items;
    }

    /**
     * The item a trigger's notification carries: {@code {"data": {"key", "value", "version",
     * "metadata"}}}, field names in any case; {@code null} when the payload has no such row.
     */
    static Map.Entry<String, ConfigurationItem> fromNotification(String payload) {
        JsonObject row = new JsonObject(payload).getJsonObject("data");
        if (row == null) {
            return null;
        }
        String key = null;
        String value = "";
        String version = "";
        Object metadata = null;
        for (Map.Entry<String, Object> field : row) {
            Object v = field.getValue();
            switch (field.getKey().toLowerCase(Locale.ROOT)) {
                case "key" -> key = v == null ? null : v.toString();
                case "value" -> value = v == null ? "" : v.toString();
                case "version" -> version = v == null ? "" : v.toString();
                case "metadata" -> metadata = v;
                default -> {
                    // other columns are not part of an item
                }
            }
        }
        return key == null ? null : Map.entry(key, new ConfigurationItem(value, version, metadata(metadata)));
    }

    private static int numeric(String version) {
        try {
            return Integer.parseInt(version);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A json(b) column (the client gives a JsonObject), a text column holding JSON, or null. */
    private static Map<String, String> metadata(Object column) {
        JsonObject json = column instanceof JsonObject o
                ? o
                : column instanceof String s && !s.isBlank() ? new JsonObject(s) : null;
        Map<String, String> out = new LinkedHashMap<>();
        if (json != null) {
            json.forEach(e -> out.put(e.getKey(), e.getValue() == null ? "" : e.getValue().toString()));
        }
        return out;
    }
}
