package io.quapr.components.aws;

import io.quapr.conformance.Fixtures;
import java.nio.file.Path;
import java.util.Map;

/** Reads the conformance kit's fixtures of this module, for the listeners that ready their servers. */
public final class ConformanceFixtures {

    private ConformanceFixtures() {
    }

    /** The {@code spec.metadata} of the fixture file {@code name} ({@code <dapr type>.yaml}) as name to value. */
    public static Map<String, String> metadata(String name) {
        return fixtures().resource(name.substring(0, name.length() - ".yaml".length())).metadata();
    }

    /** The secrets of {@code <daprType>.expected.yaml}: secret name to its key/value pairs; empty without one. */
    public static Map<String, Map<String, String>> expectedSecrets(String daprType) {
        return fixtures().expectedSecrets(daprType).orElse(Map.of());
    }

    /** The kit's own reader, on the folder Surefire names (the module's, when run from it without Maven). */
    private static Fixtures fixtures() {
        return new Fixtures(
                Path.of(System.getProperty("quapr.conformance.fixtures", "src/test/resources/conformance")));
    }
}
