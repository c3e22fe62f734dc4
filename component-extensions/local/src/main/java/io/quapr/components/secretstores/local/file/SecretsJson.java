package io.quapr.components.secretstores.local.file;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Map.Entry;
import org.jboss.logging.Logger;

/**
 * Turns the parsed secrets file into secrets, the two ways daprd's {@code local.file} store does.
 *
 * <p>
 * Nested objects and arrays become paths joined by the separator ({@code db:password},
 * {@code hosts:0}). Leaves become strings: a JSON string as is, a number or boolean as its JSON
 * text, {@code null} as the empty string. (daprd formats non-string leaves with Go's {@code %s}
 * verb, which yields text like {@code %!s(float64=5)}; nobody can depend on that, so we give the
 * readable form.)
 */
final class SecretsJson {

    private static final Logger LOG = Logger.getLogger(SecretsJson.class);

    private SecretsJson() {
    }

    /**
     * One secret per leaf, named by its full path, holding one pair keyed by that same name:
     * {@code {"db":{"password":"x"}}} gives secret {@code db:password} = {@code {db:password: x}}.
     */
    static Map<String, Map<String, String>> singleValued(JsonNode root, String separator) {
        Map<String, String> leaves = new LinkedHashMap<>();
        flatten(root, null, separator, leaves);
        Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
        leaves.forEach((name, value) -> secrets.put(name, Map.of(name, value)));
        return Collections.unmodifiableMap(secrets);
    }

    /**
     * One secret per top-level key. A string (or other scalar) is one pair keyed by the secret's
     * name; an object or array holds its leaves, named by their path below the secret:
     * {@code {"db":{"user":"u","tls":{"ca":"c"}}}} gives secret {@code db} =
     * {@code {user: u, tls:ca: c}}.
     *
     * <p>
     * daprd drops top-level values that are neither strings nor objects (numbers, booleans,
     * arrays, null); we keep them, since a secret that silently vanishes helps nobody.
     */
    static Map<String, Map<String, String>> multiValued(JsonNode root, String separator) {
        Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
        for (Entry<String, JsonNode> top : root.properties()) {
            String name = top.getKey();
            JsonNode value = top.getValue();
            if (value.isContainerNode()) {
                Map<String, String> pairs = new LinkedHashMap<>();
                flatten(value, null, separator, pairs);
                secrets.put(name, Collections.unmodifiableMap(pairs));
            } else {
                secrets.put(name, Map.of(name, leafText(value)));
            }
        }
        return Collections.unmodifiableMap(secrets);
    }

    private static void flatten(JsonNode node, String path, String separator, Map<String, String> into) {
        if (node.isObject()) {
            for (Entry<String, JsonNode> child : node.properties()) {
                flatten(child.getValue(), join(path, child.getKey(), separator), separator, into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(node.get(i), join(path, Integer.toString(i), separator), separator, into);
            }
        } else if (into.putIfAbsent(path, leafText(node)) != null) {
            // {"a:b": 1, "a": {"b": 2}} names two leaves alike; daprd stops flattening at the
            // clash (keeping whatever its random map order visited first), we keep the first in
            // file order and go on.
            LOG.warnf("secrets file names '%s' twice once flattened; keeping the first value", path);
        }
    }

    /** {@code path} is null at the root, so that an empty key still adds a separator. */
    private static String join(String path, String name, String separator) {
        return path == null ? name : path + separator + name;
    }

    private static String leafText(JsonNode leaf) {
        return leaf.isNull() ? "" : leaf.asText();
    }
}
