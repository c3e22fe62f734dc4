package io.quapr.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every resource of the bundle and of the EKS overlay validates strictly against the schema of its
 * kind: the Kubernetes 1.34 API's definitions for built-in kinds, the bundle's own CRDs for the
 * dapr.io resources (see {@link SchemaCatalog}). A kind without a schema fails.
 */
class BundleValidationTest {

    static Stream<Manifest> resources() {
        return Manifests.bundle().and(Manifests.eksOverlay()).all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resources")
    void resourceIsValid(Manifest resource) {
        List<String> problems = ManifestValidator.forBundle().problems(resource);
        assertEquals(List.of(), problems, resource + " is not valid");
    }

    @Test
    void bundleHoldsWhatAClusterNeeds() {
        Manifests bundle = Manifests.bundle();
        for (String kind : List.of("CustomResourceDefinition", "Namespace", "ServiceAccount", "ClusterRole", "Role",
                "RoleBinding", "Deployment", "Service", "MutatingWebhookConfiguration", "Issuer", "Certificate",
                "PodDisruptionBudget", "HorizontalPodAutoscaler")) {
            assertFalse(bundle.ofKind(kind).toList().isEmpty(), "the bundle has no " + kind);
        }
    }
}
