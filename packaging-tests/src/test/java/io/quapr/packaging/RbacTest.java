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
 * components name, nothing more; the injector holds no permission at all.
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
        assertEquals(List.of(), BUNDLE.ofKind("ClusterRoleBinding").toList(), "no cluster-wide grant");
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
    void injectorHoldsNoPermission() {
        Manifest account = BUNDLE.get("ServiceAccount", "quapr-injector");
        assertFalse(account.at("/automountServiceAccountToken").asBoolean(true), "no token mounted");
        boolean bound = Stream.concat(BUNDLE.ofKind("RoleBinding"), BUNDLE.ofKind("ClusterRoleBinding"))
                .flatMap(b -> b.at("/subjects").valueStream())
                .anyMatch(s -> s.path("name").asString().equals(account.name()));
        assertFalse(bound, "the injector's account is bound to no role");
    }

    @Test
    void everyBindingNamesARoleAndAnAccountOfTheBundle() {
        for (Manifest binding : BUNDLE.ofKind("RoleBinding").toList()) {
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
