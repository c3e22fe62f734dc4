package io.quapr.sidecar.configuration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quapr.spi.configuration.ConfigurationItem;
import io.quapr.spi.configuration.ConfigurationUpdate;
import java.util.Map;

/**
 * Configuration items in daprd's JSON: {@code {key: {"value", "version", "metadata"}}}, each field
 * left out when empty (components-contrib's {@code omitempty}). The HTTP API answers a read with
 * it, and updates reach an HTTP app in it.
 */
public final class ConfigurationJson {

    private ConfigurationJson() {
    }

    /** Items by key. */
    public static ObjectNode items(ObjectMapper json, Map<String, ConfigurationItem> items) {
        ObjectNode out = json.createObjectNode();
        items.forEach((key, item) -> {
            ObjectNode node = out.putObject(key);
            if (!item.value().isEmpty()) {
                node.put("value", item.value());
            }
            if (!item.version().isEmpty()) {
                node.put("version", item.version());
            }
            if (!item.metadata().isEmpty()) {
                ObjectNode md = node.putObject("metadata");
                item.metadata().forEach(md::put);
            }
        });
        return out;
    }

    /** An update as daprd posts it to an HTTP app: {@code {"id", "items"}}. */
    static ObjectNode update(ObjectMapper json, ConfigurationUpdate update) {
        ObjectNode out = json.createObjectNode();
        out.put("id", update.subscriptionId());
        out.set("items", items(json, update.items()));
        return out;
    }
}
