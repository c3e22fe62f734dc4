package io.quapr.packaging;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an OpenAPI schema object (the Kubernetes API's v2 definitions, or a CRD's structural v3
 * schema) into a JSON Schema (2020-12) that validates as {@code kubectl apply --validate=strict}
 * does: a field no schema declares is an error, not a field dropped.
 * <p>
 * The rules, each one how the API server reads the OpenAPI form:
 * <ul>
 * <li>an object schema with {@code properties} and no {@code additionalProperties} takes no other
 * property; under {@code x-kubernetes-preserve-unknown-fields: true} any are kept;</li>
 * <li>in a CRD, an object schema with neither takes no property at all (the API server would prune
 * every one), while a built-in definition of that form (RawExtension, FieldsV1) is free-form;</li>
 * <li>{@code format: int-or-string} and {@code x-kubernetes-int-or-string} take an integer or a
 * string; {@code nullable} adds {@code null};</li>
 * <li>{@code $ref} replaces the whole schema object (OpenAPI v2 ignores its siblings), rewritten by
 * the caller to where the target lives;</li>
 * <li>documentation ({@code description}, {@code example}), {@code default}, {@code format} and the
 * {@code x-kubernetes-*} list and map hints are not validation, and are left out.</li>
 * </ul>
 */
public final class StrictSchemaConverter {

    /** Keywords copied unchanged: their meaning is the same in OpenAPI and JSON Schema 2020-12. */
    private static final List<String> SAME_KEYWORDS = List.of("enum", "required", "minimum", "maximum", "minLength",
            "maxLength", "pattern", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties",
            "multipleOf");

    private final UnaryOperator<String> refs;
    private final boolean customResource;

    private StrictSchemaConverter(UnaryOperator<String> refs, boolean customResource) {
        this.refs = refs;
        this.customResource = customResource;
    }

    /** A converter for the Kubernetes API's definitions, {@code $ref} values rewritten by {@code refs}. */
    public static StrictSchemaConverter forDefinitions(UnaryOperator<String> refs) {
        return new StrictSchemaConverter(refs, false);
    }

    /** A converter for a CRD's {@code openAPIV3Schema} (which has no {@code $ref}). */
    public static StrictSchemaConverter forCustomResource() {
        return new StrictSchemaConverter(UnaryOperator.identity(), true);
    }

    /** The strict JSON Schema of an OpenAPI schema object. */
    public ObjectNode convert(JsonNode schema) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (schema.has("$ref")) {
            return out.put("$ref", refs.apply(schema.get("$ref").asString()));
        }
        boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)
                || "int-or-string".equals(schema.path("format").asString(""))) {
            out.set("type", types("integer", "string"));
        } else if (schema.has("type")) {
            out.set("type", withNull(schema.get("type"), schema.path("nullable").asBoolean(false)));
        }
        for (String keyword : SAME_KEYWORDS) {
            if (schema.has(keyword)) {
                out.set(keyword, schema.get(keyword));
            }
        }
        if (schema.has("properties")) {
            ObjectNode properties = out.putObject("properties");
            for (Map.Entry<String, JsonNode> property : schema.get("properties").properties()) {
                properties.set(property.getKey(), convert(property.getValue()));
            }
        }
        if (schema.path("items").isObject()) {
            out.set("items", convert(schema.get("items")));
        }
        JsonNode additional = schema.path("additionalProperties");
        if (additional.isBoolean()) {
            out.put("additionalProperties", additional.booleanValue());
        } else if (additional.isObject()) {
            out.set("additionalProperties", convert(additional));
        } else if (!preserveUnknown && closesUnknownProperties(schema)) {
            out.put("additionalProperties", false);
        }
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            if (schema.path(combinator).isArray()) {
                ArrayNode options = out.putArray(combinator);
                schema.get(combinator).forEach(option -> options.add(convert(option)));
            }
        }
        if (schema.path("not").isObject()) {
            out.set("not", convert(schema.get("not")));
        }
        return out;
    }

    private boolean closesUnknownProperties(JsonNode schema) {
        if (schema.has("properties")) {
            return true;
        }
        return customResource && "object".equals(schema.path("type").asString(""));
    }

    private static JsonNode withNull(JsonNode type, boolean nullable) {
        if (!nullable) {
            return type;
        }
        ArrayNode types = JsonNodeFactory.instance.arrayNode();
        if (type.isArray()) {
            type.forEach(types::add);
        } else {
            types.add(type);
        }
        return types.add("null");
    }

    /** A {@code type} keyword allowing each of {@code names}. */
    static ArrayNode types(String... names) {
        ArrayNode types = JsonNodeFactory.instance.arrayNode();
        for (String name : names) {
            types.add(name);
        }
        return types;
    }
}
