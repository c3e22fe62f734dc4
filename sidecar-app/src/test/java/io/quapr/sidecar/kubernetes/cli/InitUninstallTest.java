package io.quapr.sidecar.kubernetes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quaprd kubernetes init} and {@code uninstall} against fabric8's mock API server in CRUD
 * mode: the control plane is created (and server-side applied when it exists), the example only when
 * asked, nothing without cert-manager; uninstall deletes what init applied and keeps the CRDs and
 * the namespace unless {@code --all}.
 */
class InitUninstallTest {

    private static final ResourceDefinitionContext CERTIFICATES = new ResourceDefinitionContext.Builder()
            .withGroup("cert-manager.io").withVersion("v1").withKind("Certificate").withPlural("certificates")
            .withNamespaced(true).build();

    @TempDir
    Path dir;

    private MockCluster cluster;
    private String bundle;

    @BeforeEach
    void start() {
        cluster = new MockCluster().withCertManager();
        bundle = MockCluster.bundle(dir).toString();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void initCreatesTheControlPlaneAndServerSideAppliesItAgain() throws InterruptedException {
        assertEquals(0, cluster.run("init", "--bundle", bundle), cluster.err);
        assertTrue(cluster.out.contains("created Deployment quapr-system/quapr-injector"), cluster.out);

        var client = cluster.client;
        assertNotNull(client.namespaces().withName("quapr-system").get());
        assertNotNull(client.serviceAccounts().inNamespace("quapr-system").withName("quapr-injector").get());
        assertEquals(List.of("injector"), client.apps().deployments().inNamespace("quapr-system")
                .withName("quapr-injector").get().getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
        assertNotNull(client.services().inNamespace("quapr-system").withName("quapr-injector").get());
        assertNotNull(client.rbac().clusterRoles().withName("quapr-injector").get());
        assertNotNull(client.rbac().clusterRoleBindings().withName("quapr-injector").get());
        assertNotNull(client.rbac().clusterRoles().withName("quapr-sidecar").get());
        assertNotNull(client.admissionRegistration().v1().mutatingWebhookConfigurations()
                .withName("quapr-sidecar-injector").get());
        assertEquals(5, client.apiextensions().v1().customResourceDefinitions().list().getItems().stream()
                .filter(c -> c.getSpec().getGroup().equals("dapr.io")).count());
        GenericKubernetesResource certificate = client.genericKubernetesResources(CERTIFICATES)
                .inNamespace("quapr-system").withName("quapr-injector").get();
        assertEquals("quapr-injector-tls", ((Map<?, ?>) certificate.getAdditionalProperties().get("spec"))
                .get("secretName"));
        // the example is not the control plane
        assertNull(client.namespaces().withName("quapr-example").get());
        assertNull(client.apps().deployments().inNamespace("quapr-example").withName("nodeapp").get());

        // again: what exists is server-side applied, which the mock server does not serve (415); the
        // request is what an API server would take
        cluster.run("init", "--bundle", bundle);
        RecordedRequest apply = cluster.server.getLastRequest();
        assertEquals("PATCH", apply.getMethod());
        assertTrue(apply.getPath().endsWith("?fieldManager=quaprd&force=true"), apply.getPath());
        assertTrue(apply.getHeader("Content-Type").startsWith("application/apply-patch+yaml"),
                apply.getHeader("Content-Type"));
    }

    @Test
    void initWithTheExampleAppliesItAndEksAddsTheOverlay() {
        assertEquals(0, cluster.run("init", "--example", "--bundle", bundle), cluster.err);
        assertNotNull(cluster.client.apps().deployments().inNamespace("quapr-example").withName("nodeapp").get());

        // the overlay changes the example's service account, which only server-side apply can do here
        assertEquals(0, cluster.run("init", "--eks", "--print", "--bundle", bundle), cluster.err);
        List<HasMetadata> printed = cluster.client
                .load(new ByteArrayInputStream(cluster.out.getBytes(StandardCharsets.UTF_8))).items();
        assertTrue(printed.stream().anyMatch(o -> o.getKind().equals("Component")
                && o.getMetadata().getName().equals("statestore")), "the overlay's state store");
        assertTrue(printed.stream().anyMatch(o -> o.getKind().equals("ServiceAccount") && o.getMetadata()
                .getAnnotations().containsKey("eks.amazonaws.com/role-arn")), "the overlay's IRSA account");
        assertTrue(printed.stream().anyMatch(o -> o.getKind().equals("Deployment")
                && o.getMetadata().getName().equals("nodeapp")), "the example");
    }

    @Test
    void initPrintWritesTheControlPlaneAndAppliesNothing() {
        assertEquals(0, cluster.run("init", "--print", "--bundle", bundle), cluster.err);
        List<HasMetadata> printed = cluster.client
                .load(new ByteArrayInputStream(cluster.out.getBytes(StandardCharsets.UTF_8))).items();
        assertTrue(printed.size() > 10, cluster.out);
        assertTrue(printed.stream().anyMatch(o -> o.getKind().equals("MutatingWebhookConfiguration")));
        assertTrue(printed.stream().allMatch(o -> "quapr".equals(o.getMetadata().getLabels().get(Bundle.PART_OF))),
                "control plane only");
        assertNull(cluster.client.namespaces().withName("quapr-system").get());
    }

    @Test
    void initWithoutCertManagerAppliesNothingAndSaysWhy() {
        try (MockCluster bare = new MockCluster()) {
            assertEquals(1, bare.run("init", "--bundle", bundle));
            assertTrue(bare.err.contains("cert-manager is not installed"), bare.err);
            assertNull(bare.client.namespaces().withName("quapr-system").get());
        }
    }

    @Test
    void initWithoutABundleNamesWhereItLooked() {
        assertEquals(1, cluster.run("init", "--bundle", dir.resolve("missing.yml").toString()));
        assertTrue(cluster.err.contains("no bundle at "), cluster.err);
    }

    @Test
    void uninstallDeletesWhatInitAppliedButTheCrdsAndNamespace() {
        assertEquals(0, cluster.run("init", "--bundle", bundle), cluster.err);
        assertEquals(0, cluster.run("uninstall", "--bundle", bundle), cluster.err);

        var client = cluster.client;
        assertNull(client.apps().deployments().inNamespace("quapr-system").withName("quapr-injector").get());
        assertNull(client.services().inNamespace("quapr-system").withName("quapr-injector").get());
        assertNull(client.admissionRegistration().v1().mutatingWebhookConfigurations()
                .withName("quapr-sidecar-injector").get());
        assertNull(client.rbac().clusterRoleBindings().withName("quapr-injector").get());
        assertNull(client.genericKubernetesResources(CERTIFICATES).inNamespace("quapr-system")
                .withName("quapr-injector").get());
        assertNotNull(client.apiextensions().v1().customResourceDefinitions().withName("components.dapr.io").get());
        assertNotNull(client.namespaces().withName("quapr-system").get());
        assertTrue(cluster.out.contains("kept CustomResourceDefinition components.dapr.io"), cluster.out);

        assertEquals(0, cluster.run("uninstall", "--all", "--bundle", bundle), cluster.err);
        assertNull(client.apiextensions().v1().customResourceDefinitions().withName("components.dapr.io").get());
        assertNull(client.namespaces().withName("quapr-system").get());
        assertFalse(cluster.out.contains("kept "), cluster.out);
    }
}
