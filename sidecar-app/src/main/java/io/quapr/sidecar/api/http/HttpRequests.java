package io.quapr.sidecar.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.quapr.sidecar.json.StrictJson;
import io.vertx.core.MultiMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * What every REST resource and plain route reads the same way: {@code metadata.*} parameters and
 * JSON bodies.
 */
final class HttpRequests {

    private static final String METADATA_PREFIX = "metadata.";

    private HttpRequests() {
    }

    /** The {@code metadata.<key>=<value>} query parameters as a map, prefix removed. */
    static Map<String, String> metadata(MultivaluedMap<String, String> query) {
        Map<String, String> md = new HashMap<>();
        query.forEach((k, v) -> {
            if (!v.isEmpty()) {
                addMetadata(md, k, v.get(0));
            }
        });
        return md;
    }

    /** The same from a plain route's query parameters ({@link PlainRoutes#query}). */
    static Map<String, String> metadata(MultiMap query) {
        Map<String, String> md = new HashMap<>();
        for (Map.Entry<String, String> e : query) {
            addMetadata(md, e.getKey(), e.getValue());
        }
        return md;
    }

    /** A parameter's first value counts, as JAX-RS's {@code getFirst} and Go's {@code Get}. */
    private static void addMetadata(Map<String, String> md, String name, String value) {
        if (name.startsWith(METADATA_PREFIX) && name.length() > METADATA_PREFIX.length()) {
            md.putIfAbsent(name.substring(METADATA_PREFIX.length()), value);
        }
    }

    /** The body as JSON; daprd's {@code ERR_MALFORMED_REQUEST} when it is not. */
    static JsonNode json(ObjectMapper mapper, byte[] body) {
        if (body == null || body.length == 0) {
            throw malformed("unexpected end of JSON input");
        }
        try {
            // one UTF-8 value and nothing after it, as daprd's decoder: no half-accepted bodies
            JsonNode node = StrictJson.readTree(mapper.reader(), body);
            if (node == null || node.isMissingNode()) {
                throw malformed("unexpected end of JSON input");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw malformed(e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed(e.getMessage());
        }
    }

    /** daprd's answer to a body it cannot deserialize. */
    static DaprException malformed(String detail) {
        return new DaprException(ErrorCode.MALFORMED_REQUEST, "failed deserializing HTTP body: " + detail);
    }

    /** A JSON object's string fields as a map (request {@code metadata}); null when absent. */
    static Map<String, String> stringMap(JsonNode node, String field) {
        JsonNode m = node.get(field);
        if (m == null || m.isNull()) {
            return null;
        }
        if (!m.isObject()) {
            throw malformed("field '" + field + "' must be an object of strings");
        }
        Map<String, String> map = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString());
        }
        return map;
    }

    /** A string field; null when absent; malformed when not a string. */
    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw malformed("field '" + field + "' must be a string");
        }
        return v.textValue();
    }

    /** Request metadata merged with the query's {@code metadata.*} (the query wins, as in daprd). */
    static Map<String, String> merge(Map<String, String> body, Map<String, String> query) {
        if (body == null) {
            return query;
        }
        Map<String, String> merged = new HashMap<>(body);
        merged.putAll(query);
        return merged;
    }
}
