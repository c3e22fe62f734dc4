package io.quapr.sidecar.testing.invoke;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@link EchoApp} as the app, and a Resiliency resource for calls to {@code otherapp}: a 500ms
 * timeout per attempt and two retries 10ms apart; the same retries for {@code guardeddead}; and
 * daprd's built-in service retries overridden to 4 retries 50ms apart.
 */
public class InvokeResiliencyResource implements QuarkusTestResourceLifecycleManager {

    private static final String YAML = """
            apiVersion: dapr.io/v1alpha1
            kind: Resiliency
            metadata:
              name: invoke-resiliency
            spec:
              policies:
                timeouts:
                  attempt: 500ms
                retries:
                  twice:
                    policy: constant
                    duration: 10ms
                    maxRetries: 2
                  DaprBuiltInServiceRetries:
                    policy: constant
                    duration: 50ms
                    maxRetries: 4
              targets:
                apps:
                  otherapp:
                    timeout: attempt
                    retry: twice
                  guardeddead:
                    retry: twice
            """;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("quapr-invoke-resiliency");
            Files.writeString(dir.resolve("resiliency.yaml"), YAML);
            return Map.of("quapr.app-port", Integer.toString(EchoApp.start()), "quapr.resources-paths",
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
    }
}
