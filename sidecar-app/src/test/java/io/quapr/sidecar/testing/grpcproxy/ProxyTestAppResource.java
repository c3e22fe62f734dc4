package io.quapr.sidecar.testing.grpcproxy;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts {@link ProxyTestApp} and makes it the sidecar's app ({@code --app-protocol grpc}). */
public class ProxyTestAppResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quapr.app-port", Integer.toString(ProxyTestApp.start()), "quapr.app-protocol", "grpc");
    }

    @Override
    public void stop() {
        // the app keeps running, as the other shared test apps do (a sidecar starting for the
        // next test class may still point at it)
    }
}
