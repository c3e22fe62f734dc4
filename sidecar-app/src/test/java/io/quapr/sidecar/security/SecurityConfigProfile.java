package io.quapr.sidecar.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A sidecar started with {@code --config config/security.yaml} and no API token. */
public class SecurityConfigProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quapr.config-file", "src/test/resources/config/security.yaml");
    }
}
