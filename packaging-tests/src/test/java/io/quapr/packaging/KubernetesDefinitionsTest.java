package io.quapr.packaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes definitions the bundle is checked against are a recent release's: kinds and
 * fields that Kubernetes 1.30 and later added are there (so a dependency update that went back
 * would show here), and nothing of the OpenShift definitions beside them is used.
 */
class KubernetesDefinitionsTest {

    @Test
    void definitionsAreOfKubernetes130OrLater() {
        SchemaCatalog catalog = SchemaCatalog.of(List.of());
        // GA in 1.30: ValidatingAdmissionPolicy; in 1.34: dynamic resource allocation (resource.k8s.io/v1)
        assertTrue(catalog.schemaOf("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy").isPresent());
        assertTrue(catalog.schemaOf("resource.k8s.io/v1", "ResourceClaim").isPresent());
        // 1.30: Service trafficDistribution
        assertTrue(KubernetesDefinitions.all().at("/io.k8s.api.core.v1.ServiceSpec/properties").has(
                "trafficDistribution"));
    }

    @Test
    void onlyKubernetesDefinitionsAreKept() {
        assertFalse(KubernetesDefinitions.all().propertyNames().stream()
                .anyMatch(name -> !name.startsWith("io.k8s.") && !name.startsWith("io.cert-manager.")),
                "only Kubernetes and the cert-manager supplement");
    }
}
