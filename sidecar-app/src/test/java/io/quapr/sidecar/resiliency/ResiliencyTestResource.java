package io.quapr.sidecar.resiliency;

import io.quapr.sidecar.testing.TcpProxy;
import io.quapr.sidecar.testing.app.TestApp;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The resiliency tests' world: the test app, a proxy to the shared Redis that a test can take
 * down, and a resources folder holding {@code src/test/resources/resiliency} (the Resiliency
 * file, a Redis store behind the proxy, a pub/sub and its subscriptions) read besides the usual
 * test resources.
 */
public class ResiliencyTestResource implements QuarkusTestResourceLifecycleManager {

    /** The proxy in front of Redis for the {@code flakystore} component. */
    static TcpProxy proxy;

    @Override
    public Map<String, String> start() {
        proxy = new TcpProxy("localhost", 6379);
        int proxyPort = proxy.start();
        try {
            Path dir = Files.createTempDirectory("quapr-resiliency");
            Path source = Path.of("src/test/resources/resiliency");
            try (var files = Files.list(source)) {
                for (Path f : files.toList()) {
                    String text = Files.readString(f).replace("{{PROXY_PORT}}", Integer.toString(proxyPort));
                    Files.writeString(dir.resolve(f.getFileName()), text);
                }
            }
            return Map.of("quapr.app-port", Integer.toString(TestApp.start()), "quapr.resources-paths",
                    "src/test/resources/resources," + dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // The app keeps running: a shared test app stopped here could still be the app of a
        // sidecar that is starting for the next test class, and its freed port be taken by another
        // server that then answers that sidecar's calls (it happened: subscriptions went missing).
        if (proxy != null) {
            proxy.close();
        }
    }
}
