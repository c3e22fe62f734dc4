package io.quapr.sidecar.testing.invoke;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the sidecar's app channel at {@link EchoApp}. */
public class EchoAppResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quapr.app-port", Integer.toString(EchoApp.start()));
    }

    @Override
    public void stop() {
        EchoApp.stop();
    }
}
