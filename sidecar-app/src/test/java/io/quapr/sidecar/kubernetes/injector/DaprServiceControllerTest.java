package io.quapr.sidecar.kubernetes.injector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.quapr.sidecar.testing.app.TestApp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code <app-id>-dapr} Services against fabric8's mock API server in CRUD mode: made for an
 * annotated Deployment or StatefulSet with daprd's ports and the workload's selector and owner,
 * renamed with the app id, deleted when the annotation goes, and never taken from another workload.
 */
@EnableKubernetesMockClient(crud = true)
class DaprServiceControllerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    static KubernetesClient client;

    private DaprServiceController controller;

    @BeforeEach
    void start() throws Exception {
        controller = new DaprServiceController(client, false, Duration.ofMinutes(10));
        controller.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        controller.stop();
    }

    @Test
    void anAnnotatedDeploymentGetsItsServiceAndLosesItWithTheAnnotation() {
        Deployment created = client.apps().deployments().inNamespace("shop")
                .resource(deployment("orders", annotations("orders", "9100"))).create();

        Service service = await("shop", "orders-dapr");
        assertEquals("None", service.getSpec().getClusterIP());
        assertEquals(Map.of("app", "orders"), service.getSpec().getSelector());
        assertEquals(Map.of("dapr.io/enabled", "true"), service.getMetadata().getLabels());
        assertEquals("orders", service.getMetadata().getAnnotations().get("dapr.io/app-id"));
        assertEquals("9100", service.getMetadata().getAnnotations().get("prometheus.io/port"));
        assertEquals(Map.of("dapr-http", "80->3500 http", "dapr-grpc", "50001->50001 grpc", "dapr-internal",
                "50002->50002 grpc", "dapr-metrics", "9100->9100 http"), ports(service));
        OwnerReference owner = service.getMetadata().getOwnerReferences().get(0);
        assertEquals("apps/v1", owner.getApiVersion());
        assertEquals("Deployment", owner.getKind());
        assertEquals("orders", owner.getName());
        assertEquals(created.getMetadata().getUid(), owner.getUid());
        assertTrue(owner.getController());

        client.apps().deployments().inNamespace("shop").withName("orders")
                .edit(d -> new DeploymentBuilder(d).editSpec().editTemplate().editMetadata()
                        .withAnnotations(Map.of("dapr.io/app-id", "orders")).endMetadata().endTemplate().endSpec()
                        .build());
        TestApp.until(() -> client.services().inNamespace("shop").withName("orders-dapr").get() == null, WAIT);
    }

    @Test
    void aStatefulSetGetsItsServiceAndANewAppIdMovesIt() {
        client.apps().statefulSets().inNamespace("shop").resource(statefulSet("ledger", annotations("ledger", null)))
                .create();
        Service service = await("shop", "ledger-dapr");
        assertEquals("StatefulSet", service.getMetadata().getOwnerReferences().get(0).getKind());
        assertEquals(Map.of("app", "ledger"), service.getSpec().getSelector());
        assertEquals("9090->9090 http", ports(service).get("dapr-metrics"));

        client.apps().statefulSets().inNamespace("shop").withName("ledger")
                .edit(s -> new StatefulSetBuilder(s).editSpec().editTemplate().editMetadata()
                        .withAnnotations(annotations("accounts", null)).endMetadata().endTemplate().endSpec()
                        .build());
        await("shop", "accounts-dapr");
        TestApp.until(() -> client.services().inNamespace("shop").withName("ledger-dapr").get() == null, WAIT);
    }

    @Test
    void aHandWrittenServiceIsTakenOverAndAnotherWorkloadsIsLeftAlone() {
        client.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withName("cart-dapr")
                .withNamespace("shop").endMetadata().withNewSpec().withClusterIP("None")
                .addToSelector("app", "old").endSpec().build()).create();
        client.apps().deployments().inNamespace("shop").resource(deployment("cart", annotations("cart", null)))
                .create();
        TestApp.until(() -> Map.of("app", "cart")
                .equals(client.services().inNamespace("shop").withName("cart-dapr").get().getSpec().getSelector()),
                WAIT);

        // a second Deployment with the same app id: the Service stays the first one's
        client.apps().deployments().inNamespace("shop").resource(deployment("cart-v2", annotations("cart", null)))
                .create();
        client.apps().deployments().inNamespace("shop").resource(deployment("probe", annotations("probe", null)))
                .create();
        await("shop", "probe-dapr");
        Service cart = client.services().inNamespace("shop").withName("cart-dapr").get();
        assertEquals("cart", cart.getMetadata().getOwnerReferences().get(0).getName());
        assertEquals(Map.of("app", "cart"), cart.getSpec().getSelector());
    }

    @Test
    void aWorkloadWithoutAValidAppIdGetsNoService() {
        Map<String, String> noAppId = new LinkedHashMap<>(Map.of("dapr.io/enabled", "true"));
        client.apps().deployments().inNamespace("plain").resource(deployment("plain", "anonymous", noAppId)).create();
        client.apps().deployments().inNamespace("plain")
                .resource(deployment("plain", "bad", annotations("Not_A_Label", null))).create();
        client.apps().deployments().inNamespace("plain")
                .resource(deployment("plain", "marker", annotations("marker", null)))
                .create();
        await("plain", "marker-dapr");
        assertEquals(1, client.services().inNamespace("plain").list().getItems().size());
        assertNull(client.services().inNamespace("plain").withName("anonymous-dapr").get());
    }

    private static Service await(String ns, String name) {
        TestApp.until(() -> client.services().inNamespace(ns).withName(name).get() != null, WAIT);
        return client.services().inNamespace(ns).withName(name).get();
    }

    private static Map<String, String> ports(Service service) {
        return service.getSpec().getPorts().stream().collect(Collectors.toMap(p -> p.getName(),
                p -> p.getPort() + "->" + p.getTargetPort().getIntVal() + " " + p.getAppProtocol()));
    }

    private static Map<String, String> annotations(String appId, String metricsPort) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("dapr.io/enabled", "true");
        a.put("dapr.io/app-id", appId);
        if (metricsPort != null) {
            a.put("dapr.io/metrics-port", metricsPort);
        }
        return a;
    }

    private static Deployment deployment(String name, Map<String, String> annotations) {
        return deployment("shop", name, annotations);
    }

    private static Deployment deployment(String ns, String name, Map<String, String> annotations) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).withAnnotations(annotations)
                .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("app:1").endContainer()
                .endSpec().endTemplate().endSpec().build();
    }

    private static StatefulSet statefulSet(String name, Map<String, String> annotations) {
        return new StatefulSetBuilder().withNewMetadata().withName(name).withNamespace("shop").endMetadata()
                .withNewSpec().withServiceName(name).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).withAnnotations(annotations)
                .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("app:1").endContainer()
                .endSpec().endTemplate().endSpec().build();
    }
}
