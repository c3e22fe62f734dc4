package io.quapr.sidecar.testing.app;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts {@link GrpcTestApp} and makes it the sidecar's app ({@code --app-protocol grpc}). */
public class GrpcTestAppResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quapr.app-port", Integer.toString(GrpcTestApp.start()), "quapr.app-protocol", "grpc");
    }

    @Override
    public void stop() {
        // The app keeps running: a shared test app stopped here could still be the app of a
        // sidecar that is starting for the next test class, and its freed port be taken by another
        // server that then answers that sidecar's calls (it happened: subscriptions went missing).
    }
}
