package io.quapr.packaging;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Evaluates a Kubernetes label selector ({@code matchLabels} and {@code matchExpressions} with In,
 * NotIn, Exists, DoesNotExist) against a set of labels, as the API server does for webhooks,
 * Services and disruption budgets. An absent or empty selector matches everything.
 */
public final class LabelSelectors {

    private LabelSelectors() {
    }

    /** Whether {@code selector} selects an object carrying {@code labels}. */
    public static boolean matches(JsonNode selector, Map<String, String> labels) {
        for (Map.Entry<String, JsonNode> required : selector.path("matchLabels").properties()) {
            if (!required.getValue().asString().equals(labels.get(required.getKey()))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asString();
            Set<String> values = new HashSet<>();
            expression.path("values").forEach(v -> values.add(v.asString()));
            boolean has = labels.containsKey(key);
            boolean ok = switch (expression.path("operator").asString()) {
                case "In" -> has && values.contains(labels.get(key));
                case "NotIn" -> !has || !values.contains(labels.get(key));
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> throw new AssertionError("unknown selector operator in " + expression);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a Service's selector (a plain map, every entry required) selects an object carrying
     * {@code labels}.
     */
    public static boolean matchesService(JsonNode selector, Map<String, String> labels) {
        for (Map.Entry<String, JsonNode> required : selector.properties()) {
            if (!required.getValue().asString().equals(labels.get(required.getKey()))) {
                return false;
            }
        }
        return !selector.isEmpty();
    }

    /** The labels of a {@code metadata.labels}-shaped node. */
    public static Map<String, String> labels(JsonNode labels) {
        Map<String, String> found = new HashMap<>();
        labels.forEachEntry((key, value) -> found.put(key, value.asString()));
        return found;
    }
}
