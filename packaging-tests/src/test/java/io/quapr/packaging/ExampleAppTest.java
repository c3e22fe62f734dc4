package io.quapr.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The example app is annotated as a Dapr app is, reachable by other sidecars through the
 * {@code <app-id>-dapr} Service daprd's operator would make, and kept available by a disruption
 * budget and an autoscaler that agree with each other.
 */
class ExampleAppTest {

    /** The sidecar's ports, as daprd's defaults (Quapr's too: the README's command-line table). */
    private static final Map<String, Integer> SIDECAR_PORTS = Map.of("dapr-grpc",
            ApplicationProperties.port("quarkus.grpc.server.port"), "dapr-internal", 50002, "dapr-metrics", 9090);

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
    void otherSidecarsReachItThroughTheAppIdDaprService() {
        Manifest service = BUNDLE.get("Service", ANNOTATIONS.path("dapr.io/app-id").asString() + "-dapr");
        assertEquals(APP.namespace(), service.namespace());
        assertEquals("None", service.at("/spec/clusterIP").asString(), "headless: name resolution gets the pods");
        assertTrue(LabelSelectors.matchesService(service.at("/spec/selector"), POD_LABELS), "selects the app's pods");
        Map<String, String> ports = service.at("/spec/ports").valueStream().collect(Collectors.toMap(
                p -> p.path("name").asString(), p -> p.path("port").asInt() + "->" + p.path("targetPort").asInt()));
        int http = ApplicationProperties.port("quarkus.http.port");
        assertEquals("80->" + http, ports.get("dapr-http"));
        SIDECAR_PORTS.forEach((name, port) -> assertEquals(port + "->" + port, ports.get(name), name));
        assertEquals(4, ports.size(), ports::toString);
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
