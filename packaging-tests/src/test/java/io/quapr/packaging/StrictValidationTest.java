package io.quapr.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The validator behind {@link BundleValidationTest} fails what the API server (with kubectl's default
 * strict field validation) refuses: unknown fields at any depth, wrong types, missing required
 * fields, unknown kinds. Each case is a valid resource with one mistake.
 */
class StrictValidationTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels:
                app: web
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
                      ports:
                        - containerPort: 80
                      resources:
                        requests:
                          cpu: 1
                          memory: 64Mi
                      livenessProbe:
                        httpGet:
                          path: /
                          port: http
            """;

    @Test
    void theValidResourceIsValid() {
        assertEquals(List.of(), problems(DEPLOYMENT));
    }

    @Test
    void unknownFieldDeepInsideIsAnError() {
        assertProblemAt("/spec/template/spec/containers/0",
                DEPLOYMENT.replace("image: nginx:1.27\n", "image: nginx:1.27\n          imagePolicy: Always\n"));
    }

    @Test
    void unknownTopLevelFieldIsAnError() {
        assertProblemAt("", DEPLOYMENT + "status2: {}\n");
    }

    @Test
    void stringWhereAnIntegerBelongsIsAnError() {
        assertProblemAt("/spec/replicas", DEPLOYMENT.replace("replicas: 2", "replicas: two"));
    }

    @Test
    void labelValueThatIsNotAStringIsAnError() {
        assertProblemAt("/metadata/labels/app", DEPLOYMENT.replace("  labels:\n    app: web\nspec:",
                "  labels:\n    app: 3\nspec:"));
    }

    @Test
    void missingRequiredFieldIsAnError() {
        assertProblemAt("/spec/template/spec/containers/0", DEPLOYMENT.replace("- name: web\n", "- tty: true\n"));
    }

    @Test
    void misspelledFieldOfACertificateIsAnError() {
        assertProblemAt("/spec", """
                apiVersion: cert-manager.io/v1
                kind: Certificate
                metadata:
                  name: tls
                spec:
                  secretName: tls
                  dnsName: [a.example.com]
                  issuerRef:
                    name: selfsigned
                """);
    }

    @Test
    void schemaNodeOfACustomResourceDefinitionIsCheckedToo() {
        assertProblemAt("/spec/versions/0/schema/openAPIV3Schema/properties/spec", """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: widgets.example.com
                spec:
                  group: example.com
                  scope: Namespaced
                  names: {kind: Widget, plural: widgets}
                  versions:
                    - name: v1
                      served: true
                      storage: true
                      schema:
                        openAPIV3Schema:
                          type: object
                          properties:
                            spec:
                              type: object
                              x-kubernetes-preserve-unknown-field: true
                """);
    }

    @Test
    void kindWithoutSchemaIsAnError() {
        List<String> problems = problems("""
                apiVersion: apps/v1
                kind: Deploymnet
                metadata:
                  name: web
                """);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("no schema for apps/v1 Deploymnet"), problems::toString);
    }

    private static void assertProblemAt(String location, String yaml) {
        List<String> problems = problems(yaml);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(location + ":") || p.startsWith(location + "/")),
                "expected a problem at '" + location + "', got " + problems);
    }

    private static List<String> problems(String yaml) {
        return ManifestValidator.forBundle().problems(Manifests.parse("test", yaml).all().get(0));
    }
}
