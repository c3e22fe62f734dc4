package io.quapr.sidecar.telemetry;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/** Starts the sidecar with a {@code --config} file from {@code src/test/resources/telemetry}. */
abstract class ConfigFileProfile implements QuarkusTestProfile {

    private final String file;

    ConfigFileProfile(String file) {
        this.file = file;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> p = new HashMap<>();
        String path = "src/test/resources/telemetry/" + file;
        p.put("quapr.config-file", path);
        // what QuaprMain does before Quarkus starts
        p.putAll(TracingProperties.forConfigFile(path));
        p.putAll(extra());
        return p;
    }

    /** More properties for this profile. */
    Map<String, String> extra() {
        return Map.of();
    }
}
