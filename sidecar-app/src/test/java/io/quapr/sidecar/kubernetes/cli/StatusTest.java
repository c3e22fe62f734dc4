package io.quapr.sidecar.kubernetes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code quaprd kubernetes status} against fabric8's mock API server in CRUD mode: the injector's
 * readiness and the webhook decide the exit code; the table lists every pod annotated
 * {@code dapr.io/enabled} with its sidecar's state.
 */
class StatusTest {

    private MockCluster cluster;

    @BeforeEach
    void start() {
        cluster = new MockCluster();
        cluster.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop")
                .addToLabels("quapr.io/injection", "enabled").endMetadata().build()).create();
        // injected (a native sidecar), ready, restarted once
        pod(new PodBuilder().withNewMetadata().withName("orders-7d9f").withNamespace("shop")
                .withAnnotations(Map.of("dapr.io/enabled", "true", "dapr.io/app-id", "orders")).endMetadata()
                .withNewSpec().addNewInitContainer().withName("daprd").withImage("quapr/quapr:test").endInitContainer()
                .addNewContainer().withName("app").withImage("orders:1").endContainer().endSpec()
                .withNewStatus().addNewInitContainerStatus().withName("daprd").withReady(true).withRestartCount(1)
                .endInitContainerStatus().addNewContainerStatus().withName("app").withReady(true)
                .withRestartCount(0).endContainerStatus().endStatus().build());
        // annotated, but created before the namespace was opted in: no sidecar
        pod(new PodBuilder().withNewMetadata().withName("cart-5c4b").withNamespace("shop")
                .withAnnotations(Map.of("dapr.io/enabled", "yes")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("cart:1").endContainer().endSpec()
                .build());
        // not a Dapr app
        pod(new PodBuilder().withNewMetadata().withName("redis-0").withNamespace("shop").endMetadata()
                .withNewSpec().addNewContainer().withName("redis").withImage("redis:7").endContainer().endSpec()
                .build());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aReadyInjectorAndTheNamespacesSidecars() {
        injector(2);
        webhook("LS0tLS1CRUdJTi");
        assertEquals(0, cluster.run("status", "-n", "shop"), cluster.out + cluster.err);

        assertTrue(cluster.out.contains("injector  quapr-system/quapr-injector: 2/2 ready, healthy"), cluster.out);
        assertTrue(cluster.out.contains("webhook   quapr-sidecar-injector: registered, CA bundle set"), cluster.out);
        assertTrue(cluster.out.contains("namespace shop: sidecar injection on"), cluster.out);
        String table = cluster.out.substring(cluster.out.indexOf("POD"));
        String[] lines = table.split("\n");
        assertEquals(3, lines.length, table);
        assertTrue(lines[0].matches("POD\\s+APP ID\\s+SIDECAR READY\\s+RESTARTS\\s+AGE"), lines[0]);
        // the mock server sets creationTimestamp itself: the pods are seconds old
        assertTrue(lines[1].matches("cart-5c4b\\s+cart-5c4b\\s+not injected\\s+-\\s+\\d+s"), lines[1]);
        assertTrue(lines[2].matches("orders-7d9f\\s+orders\\s+true\\s+1\\s+\\d+s"), lines[2]);
        assertFalse(table.contains("redis"), table);
    }

    @Test
    void anInjectorWithNoReadyReplicaIsUnhealthy() {
        injector(0);
        webhook("LS0tLS1CRUdJTi");
        assertEquals(1, cluster.run("status", "-n", "shop"));
        assertTrue(cluster.out.contains("0/2 ready, UNHEALTHY"), cluster.out);
        assertTrue(cluster.out.contains("orders-7d9f"), "the pods are listed all the same: " + cluster.out);
    }

    @Test
    void aMissingInjectorIsUnhealthy() {
        assertEquals(1, cluster.run("status", "-n", "shop"));
        assertTrue(cluster.out.contains("quapr-system/quapr-injector: not installed"), cluster.out);
        assertTrue(cluster.out.contains("quapr-sidecar-injector: not registered"), cluster.out);
    }

    @Test
    void aWebhookWithoutItsCaBundleIsUnhealthy() {
        injector(2);
        webhook(null);
        assertEquals(1, cluster.run("status", "-n", "shop"));
        assertTrue(cluster.out.contains("NO CA BUNDLE"), cluster.out);
    }

    @Test
    void aNamespaceNotOptedInIsSaidSo() {
        injector(1);
        webhook("LS0tLS1CRUdJTi");
        cluster.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("plain").endMetadata()
                .build()).create();
        assertEquals(0, cluster.run("status", "-n", "plain"));
        assertTrue(cluster.out.contains("namespace plain: sidecar injection off"), cluster.out);
        assertTrue(cluster.out.contains("no pod of plain is annotated dapr.io/enabled"), cluster.out);
    }

    @Test
    void agesAreWrittenAsKubectlWritesThem() {
        Instant now = Instant.parse("2026-12-06T12:00:00Z");
        assertEquals("45s", SidecarRow.age("2026-12-06T11:59:15Z", now));
        assertEquals("12m", SidecarRow.age("2026-12-06T11:47:30Z", now));
        assertEquals("3h", SidecarRow.age("2026-12-06T08:59:00Z", now));
        assertEquals("2d", SidecarRow.age("2026-12-04T11:00:00Z", now));
        assertEquals("-", SidecarRow.age(null, now));
    }

    private void pod(Pod pod) {
        cluster.client.pods().inNamespace("shop").resource(pod).create();
    }

    private void injector(int ready) {
        var deployments = cluster.client.apps().deployments().inNamespace("quapr-system");
        deployments.resource(new DeploymentBuilder().withNewMetadata().withName("quapr-injector")
                .withNamespace("quapr-system").endMetadata().withNewSpec().withReplicas(2).endSpec().build()).create();
        deployments.withName("quapr-injector").editStatus(d -> new DeploymentBuilder(d)
                .withStatus(new DeploymentStatusBuilder().withReplicas(2).withReadyReplicas(ready).build()).build());
    }

    private void webhook(String caBundle) {
        cluster.client.admissionRegistration().v1().mutatingWebhookConfigurations()
                .resource(new MutatingWebhookConfigurationBuilder().withNewMetadata()
                        .withName("quapr-sidecar-injector").endMetadata().addNewWebhook()
                        .withName("sidecar-injector.quapr.io").withNewClientConfig().withCaBundle(caBundle)
                        .withNewService().withName("quapr-injector").withNamespace("quapr-system").endService()
                        .endClientConfig().endWebhook().build())
                .create();
    }
}
