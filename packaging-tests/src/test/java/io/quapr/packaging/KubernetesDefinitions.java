package io.quapr.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The OpenAPI definitions manifests are checked against, by definition name, read once per test run.
 * <ul>
 * <li>Every built-in Kubernetes kind: the {@code io.k8s.*} definitions of
 * {@code openshift-generated.json} in {@code io.fabric8:kubernetes-model-validator} (a Maven Central
 * jar, version from the Quarkus BOM; 7.5.2 holds Kubernetes 1.34's API, generated from Kubernetes's
 * own OpenAPI). The OpenShift and operator definitions beside them are dropped.</li>
 * <li>Two small supplements written for these tests, in {@code src/test/resources/definitions},
 * because that file lacks them: {@code apiextensions.k8s.io/v1 CustomResourceDefinition} and the
 * {@code cert-manager.io/v1} Issuer and Certificate, each field as the upstream Go types declare
 * it.</li>
 * </ul>
 */
public final class KubernetesDefinitions {

    /** The classpath resource of the Kubernetes definitions. */
    static final String KUBERNETES_OPENAPI = "/openshift-generated.json";
    /** The supplements, classpath resources in the same {@code definitions} form. */
    static final String[] SUPPLEMENTS = { "/definitions/apiextensions.k8s.io-v1.yaml",
            "/definitions/cert-manager.io-v1.yaml" };

    private static final ObjectNode DEFINITIONS = load();

    private KubernetesDefinitions() {
    }

    /** Every definition, by name, as OpenAPI schema objects ({@code $ref}s point at {@code #/definitions/}). */
    public static ObjectNode all() {
        return DEFINITIONS;
    }

    private static ObjectNode load() {
        ObjectNode definitions = JsonNodeFactory.instance.objectNode();
        JsonNode kubernetes = read(KUBERNETES_OPENAPI, JsonMapper.shared()).path("definitions");
        for (Map.Entry<String, JsonNode> definition : kubernetes.properties()) {
            if (definition.getKey().startsWith("io.k8s.")) {
                definitions.set(definition.getKey(), definition.getValue());
            }
        }
        if (definitions.isEmpty()) {
            throw new IllegalStateException("no io.k8s definitions in " + KUBERNETES_OPENAPI);
        }
        for (String supplement : SUPPLEMENTS) {
            for (Map.Entry<String, JsonNode> definition : read(supplement, YAMLMapper.shared()).path("definitions")
                    .properties()) {
                definitions.set(definition.getKey(), definition.getValue());
            }
        }
        return definitions;
    }

    private static JsonNode read(String resource, ObjectMapper mapper) {
        try (InputStream in = KubernetesDefinitions.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath");
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
