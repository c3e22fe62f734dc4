package io.quapr.sidecar.testing.bindings;

import io.quapr.sidecar.testing.app.TestApp;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The bindings tests' world: the test app, and a resources folder holding
 * {@code src/test/resources/bindings} (a local storage binding, one limited to input, the test
 * queue, an HTTP binding calling the test app, a cron binding) read besides the usual test
 * resources.
 */
public class BindingsTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return world(TestApp.start(), Map.of());
    }

    /** The resources folder with the app's port filled in, and the app's settings. */
    static Map<String, String> world(int port, Map<String, String> more) {
        try {
            Path dir = Files.createTempDirectory("quapr-bindings");
            String text = Files.readString(Path.of("src/test/resources/bindings/bindings.yaml"))
                    .replace("{{APP_PORT}}", Integer.toString(port));
            Files.writeString(dir.resolve("bindings.yaml"), text);
            Map<String, String> config = new HashMap<>(more);
            config.put("quapr.app-port", Integer.toString(port));
            config.put("quapr.resources-paths", "src/test/resources/resources," + dir);
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // the shared test app keeps running: see TestAppResource
    }
}
