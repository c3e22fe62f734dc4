package io.quapr.components.secretstores.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The API server this module's tests talk to: fabric8's mock server in CRUD mode (a real Kubernetes
 * API server cannot be had here), started before any test runs. It holds the Secrets of the
 * conformance kit's expected file in namespace {@value #NAMESPACE}, and a kubeconfig pointing at it
 * is written to {@value #KUBECONFIG}, where the kit's fixture reads it.
 *
 * <p>
 * Registered in {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}; kept
 * from the first launcher session's opening to the last one's closing.
 */
public class MockApiServer implements LauncherSessionListener {

    static final String NAMESPACE = "conformance";
    static final String KUBECONFIG = "target/conformance-kubeconfig.yaml";

    private static int openSessions;
    private static KubernetesMockServer server;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        synchronized (MockApiServer.class) {
            if (openSessions++ > 0) {
                return;
            }
            server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                    new KubernetesCrudDispatcher(), false);
            server.init();
            try (KubernetesClient client = server.createClient()) {
                expectedSecrets().forEach((name, values) -> {
                    Map<String, String> data = new LinkedHashMap<>();
                    values.forEach((k, v) -> data.put(k,
                            Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
                    client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                            .withName(name).withNamespace(NAMESPACE).endMetadata().withData(data).build()).create();
                });
                writeKubeconfig(client.getConfiguration().getMasterUrl());
            }
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        synchronized (MockApiServer.class) {
            if (--openSessions == 0 && server != null) {
                server.destroy();
                server = null;
            }
        }
    }

    /** A client of the running server, for this module's own tests. */
    static synchronized KubernetesClient client() {
        if (server == null) {
            throw new IllegalStateException("the mock API server is not running (MockApiServer starts it per run)");
        }
        return server.createClient();
    }

    private static Map<String, Map<String, String>> expectedSecrets() {
        Path file = Path.of(System.getProperty("quapr.conformance.fixtures", "src/test/resources/conformance"),
                "secretstores.kubernetes.expected.yaml");
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
            root.properties().forEach(secret -> {
                Map<String, String> values = new LinkedHashMap<>();
                secret.getValue().properties().forEach(kv -> values.put(kv.getKey(), kv.getValue().asText()));
                secrets.put(secret.getKey(), values);
            });
            return secrets;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void writeKubeconfig(String masterUrl) {
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster:
                      server: %s
                contexts:
                  - name: mock
                    context:
                      cluster: mock
                      user: mock
                      namespace: %s
                current-context: mock
                users:
                  - name: mock
                    user:
                      token: conformance
                """.formatted(masterUrl, NAMESPACE);
        try {
            Path file = Path.of(KUBECONFIG);
            Files.createDirectories(file.getParent());
            Files.writeString(file, kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + KUBECONFIG, e);
        }
    }
}
