package io.quapr.sidecar.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.quapr.sidecar.StartupException;
import java.util.ArrayList;
import java.util.List;

/**
 * The problems found in one section of the {@code --config} Configuration, each naming the file,
 * the resource and the field ({@code spec.accessControl.policies[0].operations[1].action}), as
 * every start-up message does.
 */
final class ConfigurationProblems {

    private final String where;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param source the file the Configuration came from
     * @param name the Configuration's name
     */
    ConfigurationProblems(String source, String name) {
        this.where = source + ": Configuration '" + name + "'";
    }

    /** Records a problem with a field. */
    void add(String field, String problem) {
        problems.add(where + ": field '" + field + "' " + problem);
    }

    /** Whether any problem was recorded. */
    boolean any() {
        return !problems.isEmpty();
    }

    /** Throws every recorded problem at once, if any. */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new StartupException(problems);
        }
    }

    /**
     * A text field: its value, or null when absent; a non-text value is a problem.
     */
    String text(JsonNode parent, String key, String field) {
        JsonNode v = parent.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isValueNode() || v.isBinary()) {
            add(field, "must be a string");
            return null;
        }
        return v.asText();
    }

    /** A list field: its elements; absent is empty; anything but a list is a problem. */
    List<JsonNode> list(JsonNode parent, String key, String field) {
        JsonNode v = parent.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            add(field, "must be a list");
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    /** A list of strings: its values; a non-string element is a problem. */
    List<String> strings(JsonNode parent, String key, String field) {
        List<String> out = new ArrayList<>();
        List<JsonNode> items = list(parent, key, field);
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (!item.isValueNode() || item.isNull()) {
                add(field + "[" + i + "]", "must be a string");
            } else {
                out.add(item.asText());
            }
        }
        return out;
    }

    /** Whether the section is absent or an object; anything else is a problem. */
    boolean objectOrAbsent(JsonNode section, String field) {
        if (section.isMissingNode() || section.isNull()) {
            return true;
        }
        if (!section.isObject()) {
            add(field, "must be an object");
            return false;
        }
        return true;
    }
}
