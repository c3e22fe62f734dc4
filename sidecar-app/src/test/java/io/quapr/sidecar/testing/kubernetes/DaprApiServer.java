package io.quapr.sidecar.testing.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.quapr.sidecar.kubernetes.DaprResourceKind;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the mock API server (fabric8's, CRUD mode) holds before the sidecar starts: the Dapr kinds
 * it serves, the Secrets and the Components of namespace {@value #NAMESPACE}. Used as
 * {@code @WithKubernetesTestServer(crud = true, setup = DaprApiServer.class)}; tests add, change
 * and delete resources through {@link #apply} and {@link #delete}.
 */
public class DaprApiServer implements Consumer<KubernetesServer> {

    /** The sidecar's namespace in the tests. */
    public static final String NAMESPACE = "test";

    /** The access key in Secret {@code aws-credentials}, which the DynamoDB Component signs with. */
    public static final String ACCESS_KEY = "AKIAK8SSECRETFIXTURE";

    @Override
    public void accept(KubernetesServer server) {
        for (DaprResourceKind kind : DaprResourceKind.values()) {
            server.getKubernetesMockServer().expectCustomResource(new CustomResourceDefinitionContext.Builder()
                    .withGroup(DaprResourceKind.GROUP).withVersion(kind.context().getVersion())
                    .withPlural(kind.plural()).withKind(kind.kind()).withScope("Namespaced").build());
        }
        KubernetesClient client = server.getClient();
        secret(client, "aws-credentials", Map.of("access-key", ACCESS_KEY, "secret-key", "k8s-secret-key"));
        secret(client, "env-prefix", Map.of("prefix", "QUAPR_K8S_TEST_"));
        secret(client, "app-secret", Map.of("username", "admin", "password", "s3cr=t w1th spaces"));
        // a secret store whose own metadata comes from a Kubernetes Secret (the built-in store)
        apply(client, """
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata:
                  name: envsecrets
                spec:
                  type: secretstores.local.env
                  version: v1
                  metadata:
                    - name: prefix
                      secretKeyRef:
                        name: env-prefix
                        key: prefix
                """);
        apply(client, pubsub(""));
        apply(client, docsDynamoDb().replace("http://localhost:8080", FakeDynamoDb.start()));
        apply(client, """
                apiVersion: dapr.io/v1alpha1
                kind: Configuration
                metadata:
                  name: appconfig
                spec:
                  nameResolution:
                    configuration:
                      clusterDomain: cluster.test
                """);
    }

    /** Creates or replaces a Dapr resource given as YAML in {@value #NAMESPACE}. */
    public static void apply(KubernetesClient client, String yaml) {
        GenericKubernetesResource r = client.getKubernetesSerialization().unmarshal(yaml,
                GenericKubernetesResource.class);
        r.getMetadata().setNamespace(NAMESPACE);
        DaprResourceKind kind = Arrays.stream(DaprResourceKind.values()).filter(k -> k.kind().equals(r.getKind()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("not a Dapr kind: " + r.getKind()));
        client.genericKubernetesResources(kind.context()).inNamespace(NAMESPACE).resource(r).createOr(
                existing -> existing.update());
    }

    /**
     * The {@code pubsub} Component ({@code pubsub.in-memory}, the broker {@code TestApp} subscribes
     * on), with extra {@code spec.metadata} items (YAML list entries) or none.
     */
    public static String pubsub(String extraMetadata) {
        return """
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata:
                  name: pubsub
                spec:
                  type: pubsub.in-memory
                  version: v1
                  metadata:
                """ + extraMetadata;
    }

    /** Deletes a Dapr resource of {@value #NAMESPACE}. */
    public static void delete(KubernetesClient client, DaprResourceKind kind, String name) {
        client.genericKubernetesResources(kind.context()).inNamespace(NAMESPACE).withName(name).delete();
    }

    private static void secret(KubernetesClient client, String name, Map<String, String> values) {
        Map<String, String> data = new LinkedHashMap<>();
        values.forEach((k, v) -> data.put(k,
                Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName(name)
                .withNamespace(NAMESPACE).endMetadata().withData(data).build()).create();
    }

    /** Dapr's DynamoDB Component as its docs show it ({@code kubernetes/dynamodb-from-docs.yaml}). */
    public static String docsDynamoDb() {
        try (InputStream in = DaprApiServer.class.getResourceAsStream("/kubernetes/dynamodb-from-docs.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
