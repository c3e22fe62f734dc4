package io.quapr.sidecar.testing.bindings;

import io.quapr.sidecar.testing.app.GrpcTestApp;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** The bindings tests' components ({@link BindingsTestResource}) with {@link GrpcTestApp} as the app. */
public class BindingsGrpcAppResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return BindingsTestResource.world(GrpcTestApp.start(), Map.of("quapr.app-protocol", "grpc"));
    }

    @Override
    public void stop() {
        // the shared test app keeps running: see TestAppResource
    }
}
