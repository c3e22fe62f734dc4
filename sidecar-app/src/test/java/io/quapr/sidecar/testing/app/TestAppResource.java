package io.quapr.sidecar.testing.app;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts {@link TestApp} before the sidecar and points the sidecar's app port at it; test
 * classes that need an app declare {@code @WithTestResource(TestAppResource.class)}.
 */
public class TestAppResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quapr.app-port", Integer.toString(TestApp.start()));
    }

    @Override
    public void stop() {
        // The app keeps running: a shared test app stopped here could still be the app of a
        // sidecar that is starting for the next test class, and its freed port be taken by another
        // server that then answers that sidecar's calls (it happened: subscriptions went missing).
    }
}
