package io.quapr.sidecar.kubernetes.injector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The injector's answers to real {@code AdmissionReview}s: each patch is applied to the pod with
 * a JSON Patch library and the resulting pod is read as Kubernetes' Pod model, then checked.
 */
class SidecarInjectorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Reads Kubernetes objects strictly: fabric8's model keeps unknown fields in
     * {@code additionalProperties}; with its any-setters ignored, a misspelt field fails.
     */
    private static final ObjectMapper STRICT = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                    return false;
                }
            });

    private final SidecarInjector injector = new SidecarInjector(InjectorConfig.defaults());

    @Test
    void annotatedPodGetsTheSidecarFirstAmongInitContainers() {
        JsonNode review = review("annotated-pod.json");
        JsonNode response = allowedResponse(injector.review(review), "705ab4f5-6393-11e8-b7cc-42010a800002");
        Pod pod = validPod(apply(review, response));

        assertEquals(1, pod.getSpec().getInitContainers().size());
        Container daprd = pod.getSpec().getInitContainers().get(0);
        assertEquals("daprd", daprd.getName());
        assertEquals("Always", daprd.getRestartPolicy());
        assertEquals(InjectorConfig.DEFAULT_IMAGE, daprd.getImage());
        String args = String.join(" ", daprd.getArgs());
        assertTrue(args.startsWith("--mode kubernetes --app-id myapp "), args);
        assertTrue(args.contains("--app-port 8080"), args);
        assertTrue(args.contains("--app-protocol grpc"), args);
        assertTrue(args.contains("--config tracing"), args);
        assertTrue(args.contains("--log-level debug"), args);
        assertTrue(args.contains("--dapr-http-port 3500 --dapr-grpc-port 50001 --dapr-internal-grpc-port 50002"), args);
        assertTrue(args.contains("--metrics-port 9090"), args);
        assertFalse(args.contains("--enable-mtls"), args);
        assertEquals(Map.of("dapr-http", 3500, "dapr-grpc", 50001, "dapr-internal", 50002, "dapr-metrics", 9090),
                daprd.getPorts().stream().collect(Collectors.toMap(p -> p.getName(), p -> p.getContainerPort())));

        assertEquals("/v1.0/healthz", daprd.getReadinessProbe().getHttpGet().getPath());
        assertEquals(3500, daprd.getReadinessProbe().getHttpGet().getPort().getIntVal());
        assertEquals(7, daprd.getReadinessProbe().getPeriodSeconds());
        assertEquals(3500, daprd.getLivenessProbe().getTcpSocket().getPort().getIntVal());
        assertEquals(180, daprd.getLivenessProbe().getInitialDelaySeconds());

        assertEquals(new Quantity("100m"), daprd.getResources().getRequests().get("cpu"));
        assertEquals(new Quantity("500m"), daprd.getResources().getLimits().get("cpu"));
        assertEquals(new Quantity("256Mi"), daprd.getResources().getLimits().get("memory"));
        assertNull(daprd.getResources().getRequests().get("memory"));

        assertTrue(daprd.getSecurityContext().getRunAsNonRoot());
        assertTrue(daprd.getSecurityContext().getReadOnlyRootFilesystem());
        assertFalse(daprd.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), daprd.getSecurityContext().getCapabilities().getDrop());
        assertEquals("RuntimeDefault", daprd.getSecurityContext().getSeccompProfile().getType());

        Map<String, EnvVar> env = byName(daprd.getEnv());
        assertEquals("metadata.namespace", env.get("NAMESPACE").getValueFrom().getFieldRef().getFieldPath());
        assertEquals("metadata.name", env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath());
        assertEquals("status.podIP", env.get("DAPR_HOST_IP").getValueFrom().getFieldRef().getFieldPath());
        assertEquals("200MiB", env.get("GOMEMLIMIT").getValue());
        assertEquals("a=b", env.get("QUAPR_X").getValue());
        assertEquals("dapr-api-token", env.get("DAPR_API_TOKEN").getValueFrom().getSecretKeyRef().getName());
        assertEquals("token", env.get("DAPR_API_TOKEN").getValueFrom().getSecretKeyRef().getKey());
        assertNull(env.get("APP_API_TOKEN"));

        // a writable /tmp on a read-only root file system
        assertEquals("/tmp", daprd.getVolumeMounts().get(0).getMountPath());
        assertNotNull(pod.getSpec().getVolumes().get(0).getEmptyDir());
        assertEquals(daprd.getVolumeMounts().get(0).getName(), pod.getSpec().getVolumes().get(0).getName());

        Map<String, EnvVar> appEnv = byName(pod.getSpec().getContainers().get(0).getEnv());
        assertEquals("3500", appEnv.get("DAPR_HTTP_PORT").getValue());
        assertEquals("50001", appEnv.get("DAPR_GRPC_PORT").getValue());
        assertEquals("grpc", appEnv.get("APP_PROTOCOL").getValue());
        assertEquals(1, pod.getSpec().getContainers().size());

        assertEquals(Map.of("dapr.io/sidecar-injected", "true", "dapr.io/app-id", "myapp", "dapr.io/metrics-enabled",
                "true"), pod.getMetadata().getLabels());
    }

    @Test
    void existingListsAreAppendedToAndTheAppsOwnVariablesKept() {
        JsonNode review = review("existing-lists-pod.json");
        Pod pod = validPod(
                apply(review, allowedResponse(injector.review(review), "b1c2d3e4-0000-4000-8000-000000000001")));

        assertEquals(List.of("daprd", "migrate"),
                pod.getSpec().getInitContainers().stream().map(Container::getName).toList());
        assertEquals(List.of("data", "quapr-tmp"), pod.getSpec().getVolumes().stream().map(v -> v.getName()).toList());
        // no dapr.io/app-id: the pod's name, as daprd's injector does
        assertTrue(String.join(" ", pod.getSpec().getInitContainers().get(0).getArgs()).contains("--app-id orders "));
        assertFalse(String.join(" ", pod.getSpec().getInitContainers().get(0).getArgs()).contains("--app-port"));

        Container app = pod.getSpec().getContainers().get(0);
        assertEquals(List.of("DAPR_HTTP_PORT", "LOG", "DAPR_GRPC_PORT", "APP_PROTOCOL"),
                app.getEnv().stream().map(EnvVar::getName).toList());
        assertEquals("3600", byName(app.getEnv()).get("DAPR_HTTP_PORT").getValue());
        Container helper = pod.getSpec().getContainers().get(1);
        assertEquals("3500", byName(helper.getEnv()).get("DAPR_HTTP_PORT").getValue());

        assertEquals("orders", pod.getMetadata().getLabels().get("app"));
        assertEquals("x", pod.getMetadata().getLabels().get("team/with~odd"));
        assertEquals("orders", pod.getMetadata().getLabels().get("dapr.io/app-id"));
    }

    @Test
    void withoutNativeSidecarsTheSidecarIsTheLastContainer() {
        SidecarInjector classic = new SidecarInjector(
                InjectorConfig.from(Map.of("quapr.injector.native-sidecars", "false")::get));
        JsonNode review = review("existing-lists-pod.json");
        Pod pod = validPod(
                apply(review, allowedResponse(classic.review(review), "b1c2d3e4-0000-4000-8000-000000000001")));

        assertEquals(List.of("app", "helper", "daprd"),
                pod.getSpec().getContainers().stream().map(Container::getName).toList());
        assertNull(pod.getSpec().getContainers().get(2).getRestartPolicy());
        assertEquals(List.of("migrate"), pod.getSpec().getInitContainers().stream().map(Container::getName).toList());
    }

    @Test
    void aPodCanAskForANativeSidecarItself() {
        SidecarInjector classic = new SidecarInjector(
                InjectorConfig.from(Map.of("quapr.injector.native-sidecars", "false")::get));
        ObjectNode review = review("annotated-pod.json");
        annotations(review).put("dapr.io/enable-native-sidecar", "true");
        Pod pod = validPod(
                apply(review, allowedResponse(classic.review(review), "705ab4f5-6393-11e8-b7cc-42010a800002")));

        assertEquals("daprd", pod.getSpec().getInitContainers().get(0).getName());
    }

    @Test
    void mtlsMountsTheSpiffeCertificateAndPointsTheFlagsAtIt() {
        SidecarInjector mtls = new SidecarInjector(InjectorConfig.from(Map.of("quapr.injector.mtls", "true",
                "quapr.injector.mtls-fs-group", "65532", "quapr.injector.sidecar-image",
                "registry.local/quaprd:dev")::get));
        JsonNode review = review("annotated-pod.json");
        Pod pod = validPod(apply(review, allowedResponse(mtls.review(review), "705ab4f5-6393-11e8-b7cc-42010a800002")));

        Container daprd = pod.getSpec().getInitContainers().get(0);
        assertEquals("registry.local/quaprd:dev", daprd.getImage());
        String args = String.join(" ", daprd.getArgs());
        assertTrue(args.contains("--enable-mtls --trust-anchors-file /var/run/secrets/spiffe.io/ca.crt"
                + " --cert-chain-file /var/run/secrets/spiffe.io/tls.crt --cert-key-file /var/run/secrets/spiffe.io/tls.key"),
                args);
        var volume = pod.getSpec().getVolumes().stream().filter(v -> v.getCsi() != null).findFirst().orElseThrow();
        assertEquals("spiffe.csi.cert-manager.io", volume.getCsi().getDriver());
        assertTrue(volume.getCsi().getReadOnly());
        assertEquals("65532", volume.getCsi().getVolumeAttributes().get("spiffe.csi.cert-manager.io/fs-group"));
        var mount = daprd.getVolumeMounts().stream().filter(m -> m.getName().equals(volume.getName())).findFirst()
                .orElseThrow();
        assertEquals("/var/run/secrets/spiffe.io", mount.getMountPath());
        assertTrue(mount.getReadOnly());
    }

    @ParameterizedTest
    @CsvSource({ "unannotated-pod.json", "disabled-pod.json", "already-injected-pod.json" })
    void podsThatDoNotAskOrHaveItAlreadyAreLeftAsTheyAre(String file) {
        JsonNode response = injector.review(review(file)).path("response");

        assertEquals("705ab4f5-6393-11e8-b7cc-42010a800002", response.path("uid").asText());
        assertTrue(response.path("allowed").asBoolean());
        assertTrue(response.path("patch").isMissingNode(), response.toString());
        assertTrue(response.path("patchType").isMissingNode(), response.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "dapr.io/app-port|abc|annotation dapr.io/app-port: \"abc\" is not an integer",
            "dapr.io/app-port|70000|annotation dapr.io/app-port: \"70000\" is not a port number (1-65535)",
            "dapr.io/sidecar-cpu-limit|lots|annotation dapr.io/sidecar-cpu-limit: \"lots\" is not a Kubernetes quantity",
            "dapr.io/sidecar-memory-request|-1Gi|annotation dapr.io/sidecar-memory-request: \"-1Gi\" is not a Kubernetes quantity",
            "dapr.io/app-protocol|tcp|annotation dapr.io/app-protocol: \"tcp\" is not one of grpc, grpcs, h2c, http, https",
            "dapr.io/log-as-json|maybe|annotation dapr.io/log-as-json: \"maybe\" is not a boolean",
            "dapr.io/app-id|My_App|annotation dapr.io/app-id: \"My_App\" is not a valid app id",
            "dapr.io/env|JUSTANAME|annotation dapr.io/env: \"JUSTANAME\" is not a list of NAME=value",
            "dapr.io/sidecar-liveness-probe-period-seconds|0|annotation dapr.io/sidecar-liveness-probe-period-seconds: \"0\" must be at least 1" })
    void badAnnotationsRefuseThePodNamingTheAnnotationAndValue(String key, String value, String message) {
        ObjectNode review = review("annotated-pod.json");
        annotations(review).put(key, value);
        JsonNode response = injector.review(review).path("response");

        assertEquals("705ab4f5-6393-11e8-b7cc-42010a800002", response.path("uid").asText());
        assertFalse(response.path("allowed").asBoolean(true));
        assertTrue(response.path("patch").isMissingNode());
        assertTrue(response.path("status").path("message").asText().startsWith("quapr sidecar injector: " + message),
                response.toString());
    }

    @Test
    void aPodWithNeitherAppIdNorNameIsRefused() {
        ObjectNode review = review("existing-lists-pod.json");
        ((ObjectNode) review.path("request").path("object").path("metadata")).remove("name");
        JsonNode response = injector.review(review).path("response");

        assertFalse(response.path("allowed").asBoolean(true));
        assertTrue(response.path("status").path("message").asText().contains("dapr.io/app-id is not set"),
                response.toString());
    }

    @Test
    void notAReviewIsABadRequest() {
        assertThrows(BadAdmissionRequestException.class,
                () -> injector.review(MAPPER.createObjectNode().put("kind", "Pod")));
        ObjectNode noUid = review("annotated-pod.json");
        ((ObjectNode) noUid.path("request")).remove("uid");
        assertThrows(BadAdmissionRequestException.class, () -> injector.review(noUid));
    }

    @Test
    void keysWithSlashesAndTildesAreEscapedInPointers() {
        assertEquals("dapr.io~1app-id", JsonPatchWriter.escape("dapr.io/app-id"));
        assertEquals("a~0b~1c", JsonPatchWriter.escape("a~b/c"));
    }

    @Test
    void theStrictPodCheckRefusesAMisspeltField() throws IOException {
        JsonNode pod = MAPPER.readTree("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"spec\":{\"containers\":"
                + "[{\"name\":\"a\",\"restartPolicyy\":\"Always\"}]}}");
        assertThrows(AssertionError.class, () -> validPod(pod));
    }

    /**
     * The patched pod, checked against Kubernetes' Pod schema. For now fabric8's model read
     * strictly; the strict schema validator replaces this one method.
     */
    static Pod validPod(JsonNode pod) {
        try {
            return STRICT.treeToValue(pod, Pod.class);
        } catch (IOException e) {
            throw new AssertionError("not a valid Pod: " + e.getMessage() + "\n" + pod.toPrettyString(), e);
        }
    }

    /** The response, checked to allow the pod with a JSON Patch. */
    private static JsonNode allowedResponse(JsonNode answer, String uid) {
        assertEquals("AdmissionReview", answer.path("kind").asText());
        assertEquals("admission.k8s.io/v1", answer.path("apiVersion").asText());
        JsonNode response = answer.path("response");
        assertEquals(uid, response.path("uid").asText());
        assertTrue(response.path("allowed").asBoolean(), response.toString());
        assertEquals("JSONPatch", response.path("patchType").asText());
        return response;
    }

    /** The request's pod with the response's patch applied, as the API server does. */
    private static JsonNode apply(JsonNode review, JsonNode response) {
        try {
            JsonNode patch = MAPPER.readTree(
                    new String(Base64.getDecoder().decode(response.path("patch").asText()), StandardCharsets.UTF_8));
            return JsonPatch.apply(patch, review.path("request").path("object"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode review(String file) {
        try (InputStream in = SidecarInjectorTest.class.getResourceAsStream("/injector/" + file)) {
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode annotations(JsonNode review) {
        return (ObjectNode) review.path("request").path("object").path("metadata").path("annotations");
    }

    private static Map<String, EnvVar> byName(List<EnvVar> env) {
        return env.stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    }
}
