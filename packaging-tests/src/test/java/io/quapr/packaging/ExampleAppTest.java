package io.quapr.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The example app is annotated as a Dapr app is, shaped so that the injector can make its
 * {@code <app-id>-dapr} Service (as daprd's operator would), and kept available by a disruption
 * budget and an autoscaler that agree with each other.
 */
class ExampleAppTest {

    private static final Manifests BUNDLE = Manifests.bundle();
    private static final Manifest APP = BUNDLE.get("Deployment", "nodeapp");
    private static final JsonNode ANNOTATIONS = APP.at("/spec/template/metadata/annotations");
    private static final Map<String, String> POD_LABELS = LabelSelectors
            .labels(APP.at("/spec/template/metadata/labels"));

    @Test
    void podIsAnnotatedForTheSidecar() {
        assertEquals("true", ANNOTATIONS.path("dapr.io/enabled").asString());
        assertEquals("nodeapp", ANNOTATIONS.path("dapr.io/app-id").asString());
        int appPort = Integer.parseInt(ANNOTATIONS.path("dapr.io/app-port").asString());
        assertTrue(APP.at("/spec/template/spec/containers/0/ports").valueStream()
                .anyMatch(p -> p.path("containerPort").asInt() == appPort), "the app listens on dapr.io/app-port");
    }

    @Test
    void theInjectorCanMakeItsAppIdDaprService() {
        String appId = ANNOTATIONS.path("dapr.io/app-id").asString();
        assertTrue(appId.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") && appId.length() <= 58,
                "the app id names a Service: " + appId);
        assertTrue(BUNDLE.find("Service", appId + "-dapr").isEmpty(),
                "the injector makes and owns " + appId + "-dapr; one in the bundle would be taken over");
        // the Service selects the Deployment's matchLabels (as daprd's operator does): they must be all there is
        JsonNode selector = APP.at("/spec/selector");
        assertFalse(selector.has("matchExpressions"), "a Service can select by labels only");
        assertTrue(LabelSelectors.matchesService(selector.path("matchLabels"), POD_LABELS),
                "the selector's labels select the app's pods");
    }

    @Test
    void everyVolumeOfThePodIsMounted() {
        // quarkus-kubernetes adds the volumes of its keys to every Deployment it merges: the injector's
        // Secret volume here would keep the example's pods from starting (no such Secret in its namespace)
        JsonNode pod = APP.at("/spec/template/spec");
        List<String> mounted = pod.path("containers").valueStream()
                .flatMap(c -> c.path("volumeMounts").valueStream()).map(m -> m.path("name").asString()).toList();
        pod.path("volumes").valueStream().map(v -> v.path("name").asString())
                .forEach(v -> assertTrue(mounted.contains(v), "volume " + v + " of the example is mounted nowhere"));
    }

    @Test
    void disruptionBudgetAndAutoscalerAgree() {
        Manifest budget = BUNDLE.get("PodDisruptionBudget", "nodeapp");
        assertTrue(LabelSelectors.matches(budget.at("/spec/selector"), POD_LABELS), "the budget covers the pods");
        Manifest autoscaler = BUNDLE.get("HorizontalPodAutoscaler", "nodeapp");
        assertEquals("Deployment", autoscaler.at("/spec/scaleTargetRef/kind").asString());
        assertEquals(APP.name(), autoscaler.at("/spec/scaleTargetRef/name").asString());
        int minReplicas = autoscaler.at("/spec/minReplicas").asInt();
        assertTrue(minReplicas > budget.at("/spec/minAvailable").asInt(),
                "a node drain can evict one pod and keep the budget");
        assertFalse(APP.at("/spec").has("replicas"), "the autoscaler owns the replica count");
    }

    @Test
    void everyContainerRequestsCpuForTheAutoscaler() {
        assertTrue(APP.at("/spec/template/spec/containers").valueStream()
                .allMatch(c -> c.at("/resources/requests").has("cpu")), "the app's containers request cpu");
        assertTrue(ANNOTATIONS.has("dapr.io/sidecar-cpu-request"), "the injected sidecar requests cpu");
    }
}
