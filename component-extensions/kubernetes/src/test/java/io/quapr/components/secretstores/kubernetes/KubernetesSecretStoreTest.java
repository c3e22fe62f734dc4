package io.quapr.components.secretstores.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import io.quapr.spi.MetadataSchema;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where the store reads from, against {@link MockApiServer}: the request's namespace over
 * {@code defaultNamespace} over the sidecar's, and what a store with none of them answers.
 */
class KubernetesSecretStoreTest {

    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
        try (KubernetesClient client = MockApiServer.client()) {
            client.secrets().inNamespace("other")
                    .resource(new SecretBuilder().withNewMetadata().withName("db-credentials")
                            .withNamespace("other").endMetadata().withStringData(Map.of("username", "other-admin"))
                            .build())
                    .create();
        }
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void requestNamespaceWinsOverDefaultNamespace() {
        KubernetesSecretStore store = init(Map.of("kubeconfigPath", MockApiServer.KUBECONFIG, "defaultNamespace",
                MockApiServer.NAMESPACE), "");
        try {
            assertEquals("admin", await(store.get("db-credentials", Map.of())).get("username"));
            assertEquals(Map.of("username", "other-admin"),
                    await(store.get("db-credentials", Map.of("namespace", "other"))));
            assertEquals(Set.of("db-credentials"), await(store.bulkGet(Map.of("namespace", "other"))).keySet());
        } finally {
            await(store.close());
        }
    }

    @Test
    void sidecarNamespaceIsTheLastResort() {
        KubernetesSecretStore store = init(Map.of("kubeconfigPath", MockApiServer.KUBECONFIG), "other");
        try {
            assertEquals(Map.of("username", "other-admin"), await(store.get("db-credentials", Map.of())));
        } finally {
            await(store.close());
        }
    }

    @Test
    void withoutAnyNamespaceACallFailsSayingSo() {
        KubernetesSecretStore store = init(Map.of("kubeconfigPath", MockApiServer.KUBECONFIG), "");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> await(store.get("db-credentials", Map.of())));
            assertTrue(e.getMessage().contains("namespace is missing"), e.getMessage());
        } finally {
            await(store.close());
        }
    }

    @Test
    void aMissingKubeconfigFailsInit() {
        MetadataException e = assertThrows(MetadataException.class,
                () -> init(Map.of("kubeconfigPath", "target/no-such-kubeconfig.yaml"), ""));
        assertTrue(e.getMessage().contains("kubeconfigPath"), e.getMessage());
    }

    private static KubernetesSecretStore init(Map<String, String> raw, String sidecarNamespace) {
        KubernetesSecretStore store = new KubernetesSecretStore();
        ComponentMetadata metadata = ComponentMetadata.bind("kubernetes", raw,
                MetadataSchema.of(KubernetesSecretStore.class), Set.of()).metadata();
        await(store.init(metadata,
                new ComponentContext(vertx, Clock.systemUTC(), "app", sidecarNamespace, Path.of("target"))));
        return store;
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(10));
    }
}
