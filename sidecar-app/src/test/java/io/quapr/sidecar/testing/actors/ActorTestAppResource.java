package io.quapr.sidecar.testing.actors;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts {@link ActorTestApp} before the sidecar, points the sidecar's app port at it, adds the
 * actor state store ({@code src/test/resources/actors}) and scans for idle actors every 200 ms.
 */
public class ActorTestAppResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quapr.app-port", Integer.toString(ActorTestApp.start()), "quapr.resources-paths",
                "src/test/resources/resources,src/test/resources/actors", "quapr.actors.scan-interval", "200ms");
    }

    @Override
    public void stop() {
        // kept running, as TestAppResource keeps its app: a sidecar starting next may still call it
    }
}
