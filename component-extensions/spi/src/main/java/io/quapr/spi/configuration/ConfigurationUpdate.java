package io.quapr.spi.configuration;

import java.util.Map;

/**
 * A change a configuration store reports to a subscriber.
 *
 * @param subscriptionId the id {@link ConfigurationStore#subscribe} returned
 * @param items the changed keys with their values now; a deleted key has an empty item
 */
public record ConfigurationUpdate(String subscriptionId, Map<String, ConfigurationItem> items) {

    /** The items are copied: the store may reuse its own map. */
    public ConfigurationUpdate {
        items = Map.copyOf(items);
    }
}
