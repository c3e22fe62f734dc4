package io.quapr.packaging;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One Kubernetes resource of a manifest file, as parsed: its JSON tree and where it came from.
 *
 * @param source the file's name and the document's position in it, for messages
 * @param node the resource
 */
public record Manifest(String source, JsonNode node) {

    /** The resource's {@code apiVersion}, e.g. {@code apps/v1}. */
    public String apiVersion() {
        return text(node.path("apiVersion"));
    }

    /** The resource's {@code kind}. */
    public String kind() {
        return text(node.path("kind"));
    }

    /** The resource's {@code metadata.name}. */
    public String name() {
        return text(node.path("metadata").path("name"));
    }

    /** The resource's {@code metadata.namespace}, empty for cluster-scoped ones. */
    public String namespace() {
        return text(node.path("metadata").path("namespace"));
    }

    /** The API group of {@link #apiVersion()}, empty for the core group. */
    public String group() {
        String apiVersion = apiVersion();
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** The node at a JSON pointer, e.g. {@code /spec/template/spec}; missing when absent. */
    public JsonNode at(String pointer) {
        return node.at(pointer);
    }

    @Override
    public String toString() {
        String ns = namespace();
        return kind() + " " + (ns.isEmpty() ? "" : ns + "/") + name() + " (" + source + ")";
    }

    /** The texts of an array of scalars (empty for a missing node). */
    public static List<String> texts(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }

    /** A scalar's text, empty for anything else (missing nodes included). */
    static String text(JsonNode node) {
        return node.isValueNode() ? node.asString() : "";
    }
}
