package io.quapr.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The mutating webhook reaches the injector (Service, port, path), trusts the certificate the
 * injector serves (cert-manager's CA injection from the Certificate whose Secret the injector
 * mounts), and selects the example's pods but never the control plane's own.
 */
class WebhookConfigurationTest {

    private static final Manifests BUNDLE = Manifests.bundle();
    private static final Manifest CONFIGURATION = BUNDLE.get("MutatingWebhookConfiguration", "quapr-sidecar-injector");
    private static final JsonNode WEBHOOK = CONFIGURATION.at("/webhooks/0");

    @Test
    void oneWebhookWithoutSideEffectsOnPodCreation() {
        assertEquals(1, CONFIGURATION.at("/webhooks").size());
        assertEquals("None", WEBHOOK.path("sideEffects").asString());
        assertEquals(List.of("v1"), Manifest.texts(WEBHOOK.path("admissionReviewVersions")));
        assertEquals("Fail", WEBHOOK.path("failurePolicy").asString());
        JsonNode rule = WEBHOOK.at("/rules/0");
        assertEquals(List.of("pods"), Manifest.texts(rule.path("resources")));
        assertEquals(List.of("CREATE"), Manifest.texts(rule.path("operations")));
    }

    @Test
    void callsTheInjectorsServiceOnItsHttpsPort() {
        JsonNode service = WEBHOOK.at("/clientConfig/service");
        assertEquals("/mutate", service.path("path").asString());
        Manifest injectorService = BUNDLE.get("Service", service.path("name").asString());
        assertEquals(service.path("namespace").asString(), injectorService.namespace());
        JsonNode port = injectorService.at("/spec/ports").valueStream()
                .filter(p -> p.path("port").asInt() == service.path("port").asInt(443)).findFirst()
                .orElseThrow(() -> new AssertionError("the Service has no port " + service.path("port")));
        JsonNode container = BUNDLE.get("Deployment", "quapr-injector").at("/spec/template/spec/containers/0");
        int https = container.path("ports").valueStream().filter(p -> p.path("name").asString().equals("https"))
                .mapToInt(p -> p.path("containerPort").asInt()).findFirst().orElseThrow();
        assertEquals(https, port.path("targetPort").asInt(), "the Service sends the webhook's calls to port https");
        assertTrue(LabelSelectors.matchesService(injectorService.at("/spec/selector"),
                LabelSelectors.labels(BUNDLE.get("Deployment", "quapr-injector").at("/spec/template/metadata/labels"))),
                "the Service selects the injector's pods");
    }

    @Test
    void trustsTheCertificateTheInjectorServes() {
        String[] injectFrom = CONFIGURATION.at("/metadata/annotations/cert-manager.io~1inject-ca-from").asString()
                .split("/");
        Manifest certificate = BUNDLE.get("Certificate", injectFrom[1]);
        assertEquals(injectFrom[0], certificate.namespace());
        JsonNode volumes = BUNDLE.get("Deployment", "quapr-injector").at("/spec/template/spec/volumes");
        String secret = certificate.at("/spec/secretName").asString();
        assertTrue(volumes.valueStream().anyMatch(v -> v.at("/secret/secretName").asString().equals(secret)),
                "the injector mounts the Certificate's Secret " + secret);
        String host = WEBHOOK.at("/clientConfig/service/name").asString() + "."
                + WEBHOOK.at("/clientConfig/service/namespace").asString() + ".svc";
        assertTrue(Manifest.texts(certificate.at("/spec/dnsNames")).contains(host),
                "the certificate names " + host);
        Manifest issuer = BUNDLE.get(certificate.at("/spec/issuerRef/kind").asString(),
                certificate.at("/spec/issuerRef/name").asString());
        assertEquals(certificate.namespace(), issuer.namespace());
    }

    @Test
    void selectsTheExampleButNeverTheControlPlane() {
        assertTrue(selectsNamespace("quapr-example"), "the example's namespace opts in");
        assertFalse(selectsNamespace("quapr-system"), "the injector's namespace is never selected");
        assertFalse(selectsNamespace("kube-system"), "kube-system is never selected");
        JsonNode objects = WEBHOOK.path("objectSelector");
        assertFalse(LabelSelectors.matches(objects, podLabels("quapr-injector")), "the injector's pods");
        assertTrue(LabelSelectors.matches(objects, podLabels("nodeapp")), "the example's pods");
    }

    private static boolean selectsNamespace(String name) {
        Map<String, String> labels = new HashMap<>(BUNDLE.find("Namespace", name)
                .map(ns -> LabelSelectors.labels(ns.at("/metadata/labels"))).orElse(Map.of()));
        // the API server labels every namespace with its name
        labels.put("kubernetes.io/metadata.name", name);
        return LabelSelectors.matches(WEBHOOK.path("namespaceSelector"), labels);
    }

    private static Map<String, String> podLabels(String deployment) {
        return LabelSelectors.labels(BUNDLE.get("Deployment", deployment).at("/spec/template/metadata/labels"));
    }
}
