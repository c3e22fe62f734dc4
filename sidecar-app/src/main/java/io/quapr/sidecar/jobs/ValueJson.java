package io.quapr.sidecar.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Value;

/**
 * A {@code google.protobuf.Value} as the JSON daprd writes for it: Go prints a whole number as
 * {@code 1}, where protobuf-java's printer writes {@code 1.0}; an app reading the job's data must
 * see what it sent.
 */
public final class ValueJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Beyond this Go switches to exponent notation; below it a whole double prints as an integer. */
    private static final double WHOLE_LIMIT = 1e21;

    private ValueJson() {
    }

    /** The value as a JSON tree. */
    public static JsonNode tree(Value v) {
        return switch (v.getKindCase()) {
            case NULL_VALUE, KIND_NOT_SET -> NODES.nullNode();
            case BOOL_VALUE -> NODES.booleanNode(v.getBoolValue());
            case STRING_VALUE -> NODES.textNode(v.getStringValue());
            case NUMBER_VALUE -> number(v.getNumberValue());
            case LIST_VALUE -> {
                ArrayNode a = NODES.arrayNode();
                v.getListValue().getValuesList().forEach(e -> a.add(tree(e)));
                yield a;
            }
            case STRUCT_VALUE -> {
                ObjectNode o = NODES.objectNode();
                v.getStructValue().getFieldsMap().forEach((k, e) -> o.set(k, tree(e)));
                yield o;
            }
        };
    }

    private static JsonNode number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < WHOLE_LIMIT && !(d == 0 && 1 / d < 0)) {
            return Math.abs(d) < Long.MAX_VALUE ? NODES.numberNode((long) d) : NODES.numberNode(d);
        }
        return NODES.numberNode(d);
    }
}
