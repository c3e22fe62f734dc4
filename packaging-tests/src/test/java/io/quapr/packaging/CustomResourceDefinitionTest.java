package io.quapr.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The bundle's CRDs are the five Dapr kinds, as the API server will take them: namespaced in
 * dapr.io, one storage version each, and structural schemas (the API server refuses a v1 CRD whose
 * schema is not): every node typed unless it keeps unknown fields or is int-or-string, properties
 * and additionalProperties never together, metadata left to the server.
 */
class CustomResourceDefinitionTest {

    private static final Map<String, String> KINDS = Map.of("components.dapr.io", "Component", "subscriptions.dapr.io",
            "Subscription", "resiliencies.dapr.io", "Resiliency", "configurations.dapr.io", "Configuration",
            "httpendpoints.dapr.io", "HTTPEndpoint");

    static Stream<Manifest> definitions() {
        return Manifests.bundle().ofKind("CustomResourceDefinition");
    }

    @Test
    void theFiveDaprKindsAreDefined() {
        Map<String, String> found = definitions()
                .collect(Collectors.toMap(Manifest::name, crd -> crd.at("/spec/names/kind").asString()));
        assertEquals(KINDS, found);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void namespacedInDaprIoWithOneStorageVersion(Manifest crd) {
        assertEquals("dapr.io", crd.at("/spec/group").asString());
        assertEquals("Namespaced", crd.at("/spec/scope").asString());
        assertEquals(crd.name(), crd.at("/spec/names/plural").asString() + ".dapr.io");
        long storage = crd.at("/spec/versions").valueStream().filter(v -> v.path("storage").asBoolean()).count();
        assertEquals(1, storage, crd + " must store exactly one version");
    }

    @Test
    void subscriptionServesBothVersionsAndStoresV2alpha1() {
        Manifest crd = Manifests.bundle().get("CustomResourceDefinition", "subscriptions.dapr.io");
        Map<String, String> versions = crd.at("/spec/versions").valueStream().collect(Collectors.toMap(
                v -> v.path("name").asString(),
                v -> "served=" + v.path("served").asBoolean() + " storage=" + v.path("storage").asBoolean()));
        assertEquals(Map.of("v1alpha1", "served=true storage=false", "v2alpha1", "served=true storage=true"),
                versions);
        // no conversion webhook: each version's schema takes both shapes, so nothing is pruned on the way
        assertEquals("None", crd.at("/spec/conversion/strategy").asString());
        assertEquals(crd.at("/spec/versions/0/schema"), crd.at("/spec/versions/1/schema"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void schemasAreStructural(Manifest crd) {
        for (JsonNode version : crd.at("/spec/versions")) {
            JsonNode root = version.at("/schema/openAPIV3Schema");
            List<String> problems = new ArrayList<>();
            check(root, "openAPIV3Schema", problems);
            JsonNode metadata = root.at("/properties/metadata");
            if (!metadata.isMissingNode()) {
                assertEquals(Set.of("type"), Set.copyOf(metadata.propertyNames()),
                        "metadata may only be typed: the server checks it");
            }
            assertEquals(List.of(), problems, crd + " " + version.path("name").asString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("definitions")
    void componentLikeKindsTakeScopesAtTopLevel(Manifest crd) {
        if (crd.name().equals("configurations.dapr.io")) {
            return;
        }
        for (JsonNode version : crd.at("/spec/versions")) {
            assertEquals("array", version.at("/schema/openAPIV3Schema/properties/scopes/type").asString(), crd
                    + " has no top-level scopes");
        }
    }

    private static void check(JsonNode node, String path, List<String> problems) {
        if (!node.isObject()) {
            problems.add(path + ": not a schema object");
            return;
        }
        boolean untyped = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
                || node.path("x-kubernetes-int-or-string").asBoolean(false);
        if (!untyped && node.path("type").asString("").isEmpty()) {
            problems.add(path + ": no type");
        }
        for (String junctor : List.of("allOf", "anyOf", "oneOf", "not")) {
            if (node.has(junctor)) {
                problems.add(path + ": " + junctor + " (not checked by this test; keep the schemas without)");
            }
        }
        if (node.has("properties") && node.has("additionalProperties")) {
            problems.add(path + ": properties and additionalProperties together");
        }
        if (node.path("additionalProperties").isBoolean()) {
            problems.add(path + ": additionalProperties must be a schema in a structural schema");
        }
        node.path("properties").forEachEntry((name, child) -> check(child, path + "." + name, problems));
        if (node.path("items").isObject()) {
            check(node.get("items"), path + "[]", problems);
        }
        if (node.path("additionalProperties").isObject()) {
            check(node.get("additionalProperties"), path + "{}", problems);
        }
    }
}
