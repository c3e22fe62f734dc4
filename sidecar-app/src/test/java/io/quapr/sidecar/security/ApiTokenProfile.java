package io.quapr.sidecar.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A sidecar started with {@code DAPR_API_TOKEN} set (through its config key: a test cannot set
 * environment variables) and the security Configuration ({@code config/security.yaml}).
 */
public class ApiTokenProfile implements QuarkusTestProfile {

    /** The token the sidecar expects. */
    static final String TOKEN = "t0k3n-for-tests";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quapr.api-token", TOKEN, "quapr.config-file", "src/test/resources/config/security.yaml");
    }
}
