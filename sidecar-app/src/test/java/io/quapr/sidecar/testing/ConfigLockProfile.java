package io.quapr.sidecar.testing;

import io.quapr.sidecar.testing.app.TestAppResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The tests' usual resources plus {@code config-lock/}: an in-memory and a Redis lock store and a
 * Redis configuration store (the loopback Redis), and the test app that receives configuration
 * updates. Kept apart so the other tests need no Redis.
 */
public class ConfigLockProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quapr.resources-paths", "src/test/resources/resources,src/test/resources/config-lock");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TestAppResource.class));
    }
}
