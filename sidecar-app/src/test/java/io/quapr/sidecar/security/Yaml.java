package io.quapr.sidecar.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quapr.sidecar.StartupException;
import java.util.List;
import org.junit.jupiter.api.Assertions;

/** Sections of a Configuration written as YAML in the tests, and the problems they cause. */
final class Yaml {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Yaml() {
    }

    /** The YAML as a tree; blank text is an absent section. */
    static JsonNode section(String yaml) {
        if (yaml.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return YAML.readTree(yaml);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Problems recorded against {@code config.yaml}, Configuration {@code appconfig}. */
    static ConfigurationProblems problems() {
        return new ConfigurationProblems("config.yaml", "appconfig");
    }

    /** The problems recorded, one line each. */
    static List<String> lines(ConfigurationProblems problems) {
        try {
            problems.throwIfAny();
            return List.of();
        } catch (StartupException e) {
            return e.problems();
        }
    }

    /** Asserts no problem was recorded. */
    static void assertNone(ConfigurationProblems problems) {
        Assertions.assertEquals(List.of(), lines(problems));
    }
}
