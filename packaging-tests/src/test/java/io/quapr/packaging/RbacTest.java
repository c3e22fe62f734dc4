package io.quapr.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Least privilege: a sidecar reads Dapr's five kinds in its own namespace and the Secrets its
 * components name, nothing more; the injector watches workloads and keeps their
 * {@code <app-id>-dapr} Services, nothing more.
 */
class RbacTest {

    private static final Manifests BUNDLE = Manifests.bundle();

    @Test
    void sidecarRoleReadsOnlyDaprResources() {
        JsonNode rules = BUNDLE.get("ClusterRole", "quapr-sidecar").at("/rules");
        assertEquals(1, rules.size(), rules::toString);
        JsonNode rule = rules.get(0);
        assertEquals(List.of("dapr.io"), Manifest.texts(rule.path("apiGroups")));
        assertEquals(Set.of("components", "subscriptions", "resiliencies", "configurations", "httpendpoints"),
                Set.copyOf(Manifest.texts(rule.path("resources"))));
        assertEquals(Set.of("get", "list", "watch"), Set.copyOf(Manifest.texts(rule.path("verbs"))));
    }

    @Test
    void sidecarRoleIsGrantedPerNamespaceOnly() {
        assertEquals(List.of(), BUNDLE.ofKind("ClusterRoleBinding")
                .filter(b -> b.at("/roleRef/name").asString().equals("quapr-sidecar")).toList(),
                "no cluster-wide grant");
        List<Manifest> grants = BUNDLE.ofKind("RoleBinding")
                .filter(b -> b.at("/roleRef/name").asString().equals("quapr-sidecar")).toList();
        assertFalse(grants.isEmpty(), "the example's sidecar is granted the role");
        for (Manifest grant : grants) {
            assertFalse(grant.namespace().isEmpty(), grant + " has no namespace");
        }
    }

    @Test
    void noRuleUsesWildcards() {
        rules().forEach(rule -> {
            for (String field : List.of("apiGroups", "resources", "verbs", "resourceNames")) {
                assertFalse(Manifest.texts(rule.path(field)).contains("*"), "a wildcard in " + rule);
            }
        });
    }

    @Test
    void secretsAreReadByNameOnly() {
        List<JsonNode> secretRules = rules().filter(r -> Manifest.texts(r.path("resources")).contains("secrets"))
                .toList();
        assertFalse(secretRules.isEmpty(), "the example's sidecar may read the Secrets its components name");
        for (JsonNode rule : secretRules) {
            assertEquals(List.of("get"), Manifest.texts(rule.path("verbs")), "no list or watch on secrets: " + rule);
            assertFalse(Manifest.texts(rule.path("resourceNames")).isEmpty(), "secrets by name only: " + rule);
        }
    }

    @Test
    void injectorWatchesWorkloadsAndKeepsServicesOnly() {
        JsonNode rules = BUNDLE.get("ClusterRole", "quapr-injector").at("/rules");
        assertEquals(2, rules.size(), rules::toString);
        JsonNode workloads = rules.get(0);
        assertEquals(List.of("apps"), Manifest.texts(workloads.path("apiGroups")));
        assertEquals(Set.of("deployments", "statefulsets"), Set.copyOf(Manifest.texts(workloads.path("resources"))));
        assertEquals(Set.of("list", "watch"), Set.copyOf(Manifest.texts(workloads.path("verbs"))));
        JsonNode services = rules.get(1);
        assertEquals(List.of(""), Manifest.texts(services.path("apiGroups")));
        assertEquals(List.of("services"), Manifest.texts(services.path("resources")));
        assertEquals(Set.of("get", "list", "create", "update", "delete"),
                Set.copyOf(Manifest.texts(services.path("verbs"))));
    }

    @Test
    void theInjectorsAccountIsBoundToItsRoleOnly() {
        Manifest account = BUNDLE.get("ServiceAccount", "quapr-injector");
        assertFalse(account.at("/automountServiceAccountToken").asBoolean(true), "no token unless a pod asks");
        List<Manifest> bindings = Stream.concat(BUNDLE.ofKind("RoleBinding"), BUNDLE.ofKind("ClusterRoleBinding"))
                .filter(b -> b.at("/subjects").valueStream()
                        .anyMatch(s -> s.path("name").asString().equals(account.name())))
                .toList();
        assertEquals(1, bindings.size(), bindings::toString);
        Manifest binding = bindings.get(0);
        assertEquals("ClusterRole", binding.at("/roleRef/kind").asString());
        assertEquals("quapr-injector", binding.at("/roleRef/name").asString());
        assertEquals(account.namespace(), binding.at("/subjects/0/namespace").asString());
    }

    @Test
    void everyBindingNamesARoleAndAnAccountOfTheBundle() {
        for (Manifest binding : Stream.concat(BUNDLE.ofKind("RoleBinding"), BUNDLE.ofKind("ClusterRoleBinding"))
                .toList()) {
            String kind = binding.at("/roleRef/kind").asString();
            Manifest role = BUNDLE.get(kind, binding.at("/roleRef/name").asString());
            if (kind.equals("Role")) {
                assertEquals(binding.namespace(), role.namespace(), binding + " grants a Role of another namespace");
            }
            for (JsonNode subject : binding.at("/subjects")) {
                assertEquals("ServiceAccount", subject.path("kind").asString());
                Manifest account = BUNDLE.get("ServiceAccount", subject.path("name").asString());
                assertEquals(subject.path("namespace").asString(), account.namespace());
            }
        }
    }

    @Test
    void theExampleRunsUnderTheAccountGrantedTheSidecarRole() {
        Manifest app = BUNDLE.get("Deployment", "nodeapp");
        String account = app.at("/spec/template/spec/serviceAccountName").asString();
        assertTrue(BUNDLE.ofKind("RoleBinding").anyMatch(b -> b.namespace().equals(app.namespace())
                && b.at("/roleRef/name").asString().equals("quapr-sidecar")
                && b.at("/subjects").valueStream().anyMatch(s -> s.path("name").asString().equals(account))),
                "the example's account " + account + " is not granted quapr-sidecar in " + app.namespace());
    }

    private static Stream<JsonNode> rules() {
        return Stream.concat(BUNDLE.ofKind("Role"), BUNDLE.ofKind("ClusterRole"))
                .flatMap(r -> r.at("/rules").valueStream());
    }
}
