package io.quapr.sidecar.pubsub;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP bulk publish body, {@code [{"entryId", "event", "contentType", "metadata"}]}, read as
 * daprd reads it: an event is base64 text for {@code application/octet-stream}, a JSON string
 * for text types, any JSON value for JSON and CloudEvent types; anything else is daprd's
 * "mismatch between contentType and event".
 */
public final class BulkEvents {

    private static final String MISMATCH = "error: mismatch between contentType and event";

    private BulkEvents() {
    }

    /**
     * Reads the entries.
     *
     * @param appId the app id, for daprd's error metadata
     * @throws io.quapr.sidecar.api.errors.DaprException daprd's {@code ERR_PUBSUB_EVENTS_SER}
     */
    public static List<BulkEntry> parse(byte[] body, String pubsub, String topic, String appId) {
        JsonNode root;
        try {
            root = CloudEvents.readExact(body == null ? new byte[0] : body);
        } catch (IOException e) {
            throw PubSubErrors.unmarshalEvents(pubsub, topic, appId, firstLine(e.getMessage()));
        }
        if (root == null || root.isMissingNode()) {
            throw PubSubErrors.unmarshalEvents(pubsub, topic, appId, "EOF");
        }
        if (root.isNull()) {
            return List.of();
        }
        if (!root.isArray()) {
            throw PubSubErrors.unmarshalEvents(pubsub, topic, appId,
                    "json: cannot unmarshal " + kind(root) + " into Go value of type []http.bulkPublishMessageEntry");
        }
        List<BulkEntry> entries = new ArrayList<>();
        for (JsonNode e : root) {
            if (!e.isObject()) {
                throw PubSubErrors.unmarshalEvents(pubsub, topic, appId, "json: cannot unmarshal " + kind(e)
                        + " into Go value of type http.bulkPublishMessageEntry");
            }
            String entryId = text(e, "entryId", pubsub, topic, appId);
            String contentType = text(e, "contentType", pubsub, topic, appId);
            Map<String, String> metadata = null;
            JsonNode md = field(e, "metadata");
            if (md != null && !md.isNull()) {
                if (!md.isObject()) {
                    throw PubSubErrors.unmarshalEvents(pubsub, topic, appId,
                            "json: field 'metadata' must be an object of strings");
                }
                metadata = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = md.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> f = it.next();
                    if (!f.getValue().isTextual()) {
                        throw PubSubErrors.unmarshalEvents(pubsub, topic, appId,
                                "json: field 'metadata' must be an object of strings");
                    }
                    metadata.put(f.getKey(), f.getValue().textValue());
                }
            }
            byte[] event;
            try {
                event = eventBytes(field(e, "event"), contentType == null ? "" : contentType);
            } catch (IllegalArgumentException ex) {
                throw PubSubErrors.marshalEnvelope(pubsub, topic, appId, ex.getMessage());
            }
            entries.add(new BulkEntry(entryId == null ? "" : entryId, event, contentType == null ? "" : contentType,
                    metadata));
        }
        return entries;
    }

    private static byte[] eventBytes(JsonNode event, String contentType) {
        if (ContentTypes.isBinary(contentType)) {
            if (event == null || !event.isTextual()) {
                throw new IllegalArgumentException(MISMATCH);
            }
            try {
                return Base64.getDecoder().decode(event.textValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "error: unable to decode base64 application/octect-stream data: " + e.getMessage());
            }
        }
        if (ContentTypes.isString(contentType)) {
            if (event == null || !event.isTextual()) {
                throw new IllegalArgumentException(MISMATCH);
            }
            return event.textValue().getBytes(StandardCharsets.UTF_8);
        }
        if (ContentTypes.isJson(contentType) || ContentTypes.isCloudEvent(contentType)) {
            try {
                return CloudEvents.JSON.writeValueAsBytes(event == null ? CloudEvents.JSON.nullNode() : event);
            } catch (IOException e) {
                throw new IllegalArgumentException(MISMATCH + ": " + e.getMessage());
            }
        }
        throw new IllegalArgumentException(MISMATCH);
    }

    /**
     * A field matched without regard to case, as Go's JSON decoding matches them in daprd: the
     * JS SDK sends {@code entryID}, the docs write {@code entryId}. An exact match wins.
     */
    private static JsonNode field(JsonNode node, String name) {
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        for (var it = node.fieldNames(); it.hasNext();) {
            String candidate = it.next();
            if (candidate.equalsIgnoreCase(name)) {
                return node.get(candidate);
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field, String pubsub, String topic, String appId) {
        JsonNode v = field(node, field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw PubSubErrors.unmarshalEvents(pubsub, topic, appId, "json: cannot unmarshal " + kind(v)
                    + " into Go struct field bulkPublishMessageEntry." + field + " of type string");
        }
        return v.textValue();
    }

    private static String kind(JsonNode n) {
        return n.isObject()
                ? "object"
                : n.isArray()
                        ? "array"
                        : n.isNumber()
                                ? "number"
                                : n.isBoolean()
                                        ? "bool"
                                        : "string";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid JSON";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
