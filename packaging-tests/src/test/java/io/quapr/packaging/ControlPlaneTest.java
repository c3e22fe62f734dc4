package io.quapr.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code quaprd kubernetes init} applies the bundle's control plane, the objects labelled
 * {@code app.kubernetes.io/part-of: quapr}, and leaves the example out: every object is one or the
 * other, and the control plane is complete.
 */
class ControlPlaneTest {

    private static final String PART_OF = "app.kubernetes.io/part-of";
    private static final String EXAMPLE = "quapr-example";

    @Test
    void everyObjectIsControlPlaneOrExample() {
        for (Manifest m : Manifests.bundle().all()) {
            boolean controlPlane = "quapr".equals(m.at("/metadata/labels").path(PART_OF).asString(""));
            boolean example = m.namespace().equals(EXAMPLE) || m.kind().equals("Namespace") && m.name().equals(EXAMPLE);
            assertTrue(controlPlane != example, m + " must be labelled " + PART_OF + ": quapr or belong to " + EXAMPLE);
        }
    }

    @Test
    void theControlPlaneHasWhatTheInjectorNeeds() {
        List<String> controlPlane = Manifests.bundle().all().stream()
                .filter(m -> "quapr".equals(m.at("/metadata/labels").path(PART_OF).asString("")))
                .map(m -> m.kind() + "/" + m.name()).sorted().toList();
        for (String needed : List.of("Namespace/quapr-system", "ServiceAccount/quapr-injector",
                "ClusterRole/quapr-injector", "ClusterRoleBinding/quapr-injector", "ClusterRole/quapr-sidecar",
                "Deployment/quapr-injector", "Service/quapr-injector",
                "MutatingWebhookConfiguration/quapr-sidecar-injector",
                "Issuer/quapr-selfsigned", "Certificate/quapr-injector", "PodDisruptionBudget/quapr-injector",
                "CustomResourceDefinition/components.dapr.io")) {
            assertTrue(controlPlane.contains(needed), needed + " is not in the control plane " + controlPlane);
        }
        assertEquals(5, controlPlane.stream().filter(k -> k.startsWith("CustomResourceDefinition/")).count());
    }
}
