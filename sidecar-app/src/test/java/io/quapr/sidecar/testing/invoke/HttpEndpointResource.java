package io.quapr.sidecar.testing.invoke;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@link EchoApp} as an external service behind an {@code HTTPEndpoint} named {@code echo-ext}:
 * one header with a plain value, one read from the tests' secret store.
 */
public class HttpEndpointResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("quapr-http-endpoint");
            Files.writeString(dir.resolve("endpoint.yaml"), """
                    apiVersion: dapr.io/v1alpha1
                    kind: HTTPEndpoint
                    metadata:
                      name: echo-ext
                    spec:
                      baseUrl: http://127.0.0.1:%d/
                      headers:
                        - name: x-plain
                          value: plain-value
                        - name: x-from-secret
                          secretKeyRef:
                            name: db-password
                    auth:
                      secretStore: secretstore
                    """.formatted(EchoApp.start()));
            return Map.of("quapr.resources-paths", "src/test/resources/resources," + dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // EchoApp keeps running: see EchoAppResource
    }
}
