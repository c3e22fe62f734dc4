package io.quapr.sidecar.kubernetes.injector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An RFC 6902 JSON Patch being written: {@code add} operations only, which is all an injection
 * needs. Knows the one rule that trips injectors: appending with {@code /-} works only when the
 * array is already there, so the first element of a missing array is added as a new array.
 */
final class JsonPatchWriter {

    private final ArrayNode ops = JsonNodeFactory.instance.arrayNode();

    /** {@code ~} and {@code /} in a key become {@code ~0} and {@code ~1} (RFC 6901, in that order). */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** Adds {@code value} at {@code path} (an object member, or an array index to insert before). */
    JsonPatchWriter add(String path, JsonNode value) {
        ObjectNode op = ops.addObject();
        op.put("op", "add");
        op.put("path", path);
        op.set("value", value);
        return this;
    }

    /**
     * Appends {@code values} to the array at {@code path}, where {@code current} is what the
     * document holds there now: one new array when it is missing (or null), else one
     * {@code /-} operation each.
     */
    JsonPatchWriter append(String path, JsonNode current, Iterable<? extends JsonNode> values) {
        if (current == null || !current.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            values.forEach(array::add);
            return array.isEmpty() ? this : add(path, array);
        }
        values.forEach(v -> add(path + "/-", v));
        return this;
    }

    /**
     * Puts {@code value} first in the array at {@code path} (the array {@code current}),
     * creating the array when it is missing.
     */
    JsonPatchWriter prepend(String path, JsonNode current, JsonNode value) {
        if (current == null || !current.isArray() || current.isEmpty()) {
            return add(path, JsonNodeFactory.instance.arrayNode().add(value));
        }
        return add(path + "/0", value);
    }

    boolean isEmpty() {
        return ops.isEmpty();
    }

    /** The operations, as the patch document. */
    ArrayNode operations() {
        return ops;
    }
}
