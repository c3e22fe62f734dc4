package io.quapr.sidecar.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.quapr.sidecar.state.SaveItem;
import io.quapr.sidecar.state.StateOptionsParser;
import io.quapr.sidecar.state.StateService;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * daprd's state request shapes, read the same way by the state routes ({@link StateRoute}) and the
 * state resource ({@link StateResource}): save items, options, consistency.
 */
final class StateRequests {

    private StateRequests() {
    }

    /** A save body: a JSON array of state items; query {@code metadata.*} merged into each item's. */
    static List<SaveItem> saveItems(ObjectMapper json, byte[] body, Map<String, String> queryMd) {
        JsonNode array = HttpRequests.json(json, body);
        if (!array.isArray()) {
            throw HttpRequests.malformed("the body must be a JSON array of state items");
        }
        List<SaveItem> items = new ArrayList<>(array.size());
        for (JsonNode item : array) {
            items.add(saveItem(json, item, queryMd));
        }
        return items;
    }

    /** One state item of a save or of a transaction's upsert. */
    static SaveItem saveItem(ObjectMapper json, JsonNode item, Map<String, String> queryMd) {
        if (!item.isObject()) {
            throw HttpRequests.malformed("each state item must be a JSON object");
        }
        String key = HttpRequests.text(item, "key");
        // the service's check, asked now: a missing key is reported before the item's other fields and the store
        StateService.requireKey(key);
        JsonNode value = item.get("value");
        byte[] bytes = JsonValues.toBytes(json, value);
        Map<String, String> md = HttpRequests.merge(HttpRequests.stringMap(item, "metadata"), queryMd);
        if (!md.containsKey(SetRequest.CONTENT_TYPE)) {
            // an HTTP value is always JSON; saying so lets stores keep it as JSON (queryable),
            // as daprd's stores do with the decoded values its HTTP API hands them
            md = new HashMap<>(md);
            md.put(SetRequest.CONTENT_TYPE, "application/json");
        }
        return new SaveItem(key, bytes, HttpRequests.text(item, "etag"), md, options(item));
    }

    /** An item's {@code options} object; the defaults when absent. */
    static StateOptions options(JsonNode item) {
        JsonNode o = item.get("options");
        if (o == null || o.isNull()) {
            return StateOptions.DEFAULT;
        }
        return options(HttpRequests.text(o, "concurrency"), HttpRequests.text(o, "consistency"));
    }

    /** Concurrency and consistency as daprd names them; 400 {@code ERR_BAD_REQUEST} when unknown. */
    static StateOptions options(String concurrency, String consistency) {
        try {
            return StateOptionsParser.parse(concurrency, consistency);
        } catch (IllegalArgumentException e) {
            throw new DaprException(ErrorCode.BAD_REQUEST, "invalid request: " + e.getMessage());
        }
    }

    /** A read's {@code consistency} query parameter; 400 {@code ERR_BAD_REQUEST} when unknown. */
    static Consistency consistency(String value) {
        try {
            return StateOptionsParser.consistency(value);
        } catch (IllegalArgumentException e) {
            throw new DaprException(ErrorCode.BAD_REQUEST, "invalid request: " + e.getMessage());
        }
    }
}
