package io.quapr.sidecar.testing.kubernetes;

import io.quapr.sidecar.testing.app.TestApp;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link KubernetesModeProfile} with {@link TestApp} as the sidecar's app. The app is started
 * here rather than by {@code TestAppResource}: Quarkus 3.33 fails to boot a test class that has
 * both that resource and {@code @WithKubernetesTestServer} (a {@code ClassCastException} on
 * {@code DevServicesOverrideConfigBuilder}).
 */
public class KubernetesModeWithAppProfile extends KubernetesModeProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("quapr.app-port", Integer.toString(TestApp.start()));
        return overrides;
    }
}
