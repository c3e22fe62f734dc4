package io.quapr.sidecar.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A sidecar started with {@code APP_API_TOKEN} set (through its config key). */
public class AppApiTokenProfile implements QuarkusTestProfile {

    /** The token the sidecar sends its app. */
    static final String TOKEN = "app-t0k3n";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quapr.app-api-token", TOKEN);
    }
}
