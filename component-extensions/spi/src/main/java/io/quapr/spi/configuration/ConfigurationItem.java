package io.quapr.spi.configuration;

import java.util.Map;

/**
 * One configuration item, as daprd's Configuration API answers it.
 *
 * @param value the item's value; empty when the store has none (a deleted key in an update)
 * @param version the store's version of the value; empty when the store keeps none
 * @param metadata store-specific attributes of the item; empty when none
 */
public record ConfigurationItem(String value, String version, Map<String, String> metadata) {

    /** Nulls read as empty, so that every item renders the same way on both transports. */
    public ConfigurationItem {
        value = value == null ? "" : value;
        version = version == null ? "" : version;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
