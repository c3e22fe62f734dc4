package io.quapr.sidecar.kubernetes.injector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The mutating admission webhook's logic, with no I/O: an {@code admission.k8s.io/v1}
 * {@code AdmissionReview} request for a pod in, the review's response out. A pod annotated
 * {@code dapr.io/enabled: "true"} that has no {@code daprd} container yet gets one (a JSON Patch);
 * every other pod is allowed as it is; a pod whose {@code dapr.io/*} annotations cannot be used is
 * refused with a message naming the annotation.
 */
public final class SidecarInjector {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Environment daprd's injector gives the app containers, so SDKs find the sidecar. */
    private static final String[] APP_ENV = { "DAPR_HTTP_PORT", "DAPR_GRPC_PORT", "APP_PROTOCOL" };

    private final InjectorConfig config;

    /** @param config the injector's settings (image, native sidecars, mTLS) */
    public SidecarInjector(InjectorConfig config) {
        this.config = config;
    }

    /**
     * Answers one review.
     *
     * @param review the {@code AdmissionReview} the API server sent
     * @return the {@code AdmissionReview} to send back: same {@code apiVersion}, {@code response.uid}
     *         echoed
     * @throws BadAdmissionRequestException when the body is no {@code AdmissionReview} request
     */
    public ObjectNode review(JsonNode review) {
        if (review == null || !review.isObject() || !"AdmissionReview".equals(review.path("kind").asText())) {
            throw new BadAdmissionRequestException("the body is not an AdmissionReview");
        }
        JsonNode request = review.path("request");
        String uid = request.path("uid").asText("");
        if (!request.isObject() || uid.isEmpty()) {
            throw new BadAdmissionRequestException("the AdmissionReview has no request with a uid");
        }
        ObjectNode answer = JSON.objectNode();
        answer.put("apiVersion", review.path("apiVersion").asText("admission.k8s.io/v1"));
        answer.put("kind", "AdmissionReview");
        ObjectNode response = answer.putObject("response");
        response.put("uid", uid);
        try {
            JsonPatchWriter patch = patch(request);
            response.put("allowed", true);
            if (!patch.isEmpty()) {
                response.put("patchType", "JSONPatch");
                response.put("patch", Base64.getEncoder()
                        .encodeToString(patch.operations().toString().getBytes(StandardCharsets.UTF_8)));
            }
        } catch (InjectionRejectedException e) {
            response.put("allowed", false);
            ObjectNode status = response.putObject("status");
            status.put("code", 400);
            status.put("message", "quapr sidecar injector: " + e.getMessage());
        }
        return answer;
    }

    /** The patch for the request's pod: empty when the pod is left as it is. */
    private JsonPatchWriter patch(JsonNode request) {
        JsonPatchWriter patch = new JsonPatchWriter();
        JsonNode pod = request.path("object");
        if (!"Pod".equals(request.path("kind").path("kind").asText())
                || !"CREATE".equals(request.path("operation").asText())
                || !pod.isObject()) {
            return patch;
        }
        PodAnnotations annotations = new PodAnnotations(pod.path("metadata").get("annotations"));
        JsonNode spec = pod.path("spec");
        if (!annotations.truthy(SidecarSettings.ENABLED) || hasSidecar(spec)) {
            return patch;
        }
        SidecarSettings settings = SidecarSettings.read(annotations, pod.path("metadata").path("name").asText(""));
        boolean nativeSidecar = settings.nativeSidecar().orElse(config.nativeSidecars());
        checkVolumeNames(spec);

        patch.append("/spec/volumes", spec.get("volumes"), SidecarContainer.volumes(config));
        ObjectNode container = SidecarContainer.container(settings, config, nativeSidecar);
        if (nativeSidecar) {
            patch.prepend("/spec/initContainers", spec.get("initContainers"), container);
        } else {
            patch.append("/spec/containers", spec.get("containers"), List.of(container));
        }
        labels(patch, pod.path("metadata"), settings);
        appEnv(patch, spec.path("containers"), settings);
        return patch;
    }

    /** daprd's container already in the pod (a second pass, or a pod written with it): leave it. */
    private static boolean hasSidecar(JsonNode spec) {
        for (String list : new String[] { "containers", "initContainers" }) {
            for (JsonNode c : spec.path(list)) {
                if (SidecarContainer.NAME.equals(c.path("name").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private void checkVolumeNames(JsonNode spec) {
        Set<String> ours = new HashSet<>();
        SidecarContainer.volumes(config).forEach(v -> ours.add(v.path("name").asText()));
        for (JsonNode v : spec.path("volumes")) {
            if (ours.contains(v.path("name").asText())) {
                throw new InjectionRejectedException("the pod already has a volume named \"" + v.path("name").asText()
                        + "\", which the sidecar needs for its own");
            }
        }
    }

    /** daprd's injector's labels: what Services, dashboards and the metrics scrape select on. */
    private static void labels(JsonPatchWriter patch, JsonNode metadata, SidecarSettings s) {
        if (!metadata.path("labels").isObject()) {
            patch.add("/metadata/labels", JSON.objectNode());
        }
        String base = "/metadata/labels/";
        patch.add(base + JsonPatchWriter.escape("dapr.io/sidecar-injected"), JSON.textNode("true"));
        patch.add(base + JsonPatchWriter.escape("dapr.io/app-id"), JSON.textNode(s.appId()));
        patch.add(base + JsonPatchWriter.escape("dapr.io/metrics-enabled"),
                JSON.textNode(Boolean.toString(s.enableMetrics())));
    }

    /** The ports and protocol each app container is told of; a variable it sets itself is kept. */
    private static void appEnv(JsonPatchWriter patch, JsonNode containers, SidecarSettings s) {
        String[] values = { Integer.toString(SidecarContainer.HTTP_PORT), Integer.toString(SidecarContainer.GRPC_PORT),
                s.appProtocol() };
        for (int i = 0; i < containers.size(); i++) {
            JsonNode env = containers.get(i).get("env");
            Set<String> present = new HashSet<>();
            if (env != null) {
                env.forEach(e -> present.add(e.path("name").asText()));
            }
            ArrayNode added = JSON.arrayNode();
            for (int k = 0; k < APP_ENV.length; k++) {
                if (!present.contains(APP_ENV[k])) {
                    added.addObject().put("name", APP_ENV[k]).put("value", values[k]);
                }
            }
            patch.append("/spec/containers/" + i + "/env", env, added);
        }
    }
}
