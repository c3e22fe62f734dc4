package io.quapr.sidecar.testing.kubernetes;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The sidecar in Kubernetes mode for namespace {@value DaprApiServer#NAMESPACE}, against the mock
 * API server that {@code @WithKubernetesTestServer(crud = true, setup = DaprApiServer.class)}
 * starts (its test resource points every fabric8 client at it through system properties), with
 * {@code --config appconfig} (a Configuration resource there).
 */
public class KubernetesModeProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quapr.mode", "kubernetes", "quapr.namespace", DaprApiServer.NAMESPACE, "quapr.config-file",
                "appconfig");
    }
}
