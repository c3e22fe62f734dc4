package io.quapr.sidecar.components;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quapr.sidecar.StartupException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Resources read from the API server go through the checks files go through, each problem naming
 * {@code <kind>/<namespace>/<name>}; in Kubernetes mode a resource without
 * {@code auth.secretStore} reads its secrets from the mode's default store.
 */
class KubernetesResourceValidationTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyProblemNamesTheResource() throws Exception {
        StartupException e = assertThrows(StartupException.class, () -> ResourceLoader.load(List.of(
                doc("Component/test/broken", """
                        apiVersion: dapr.io/v1alpha1
                        kind: Component
                        metadata: {name: broken}
                        spec:
                          version: v1
                          metadata:
                            - value: x
                        """),
                doc("Subscription/test/orders", """
                        apiVersion: dapr.io/v2alpha1
                        kind: Subscription
                        metadata: {name: orders}
                        spec: {pubsubname: pubsub}
                        """)), "kubernetes"));

        assertEquals(List.of("Component/test/broken: Component 'broken': field 'spec.type' is required",
                "Component/test/broken: Component 'broken': field 'spec.metadata[0].name' is required",
                "Subscription/test/orders: Subscription 'orders': field 'spec.topic' is required",
                "Subscription/test/orders: Subscription 'orders': field 'spec.routes' is required (with 'default'"
                        + " and/or 'rules')"),
                e.problems());
    }

    @Test
    void withoutAuthSecretStoreTheModesDefaultStoreIsUsed() throws Exception {
        String yaml = """
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata: {name: db}
                spec:
                  type: state.in-memory
                  version: v1
                """;
        ComponentResource implicit = ResourceLoader.load(List.of(doc("Component/test/db", yaml)), "kubernetes")
                .components().get(0);
        ComponentResource explicit = ResourceLoader.load(List.of(doc("Component/test/db",
                yaml + "auth: {secretStore: vault}\n")), "kubernetes").components().get(0);

        assertEquals("kubernetes", implicit.secretStore());
        assertEquals("vault", explicit.secretStore());
        assertEquals("Component/test/db", implicit.source());
    }

    private static ResourceLoader.Document doc(String source, String yaml) throws Exception {
        JsonNode tree = YAML.readTree(yaml);
        return new ResourceLoader.Document(source, tree);
    }
}
