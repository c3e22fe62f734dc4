package io.quapr.sidecar.kubernetes.injector;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code <app-id>-dapr} Service of a Deployment or StatefulSet whose pods ask for the sidecar,
 * shaped as daprd's operator shapes it: headless (name resolution gets the pods' addresses), the
 * workload's pod selector, ports {@code dapr-http} 80 to 3500, {@code dapr-grpc} 50001,
 * {@code dapr-internal} 50002 and {@code dapr-metrics} (the pod's metrics port), label
 * {@code dapr.io/enabled}, annotation {@code dapr.io/app-id} and Prometheus' scrape annotations, and
 * the workload as its controller so that Kubernetes deletes it with the workload. No I/O.
 */
final class DaprService {

    /** The label daprd's operator puts on the Services it makes. */
    static final String LABEL = SidecarSettings.ENABLED;
    static final String SUFFIX = "-dapr";
    /** The one path Quapr serves metrics on (daprd answers on any and announces {@code /}). */
    private static final String METRICS_PATH = "/metrics";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DaprService() {
    }

    /** The Service's name for an app id. */
    static String name(String appId) {
        return appId + SUFFIX;
    }

    /**
     * The Service a workload should have.
     *
     * @param workload a Deployment or StatefulSet
     * @param mtls whether sidecars talk mTLS on the internal port (its {@code appProtocol} is then
     *        {@code tls}, so that a service mesh does not read it as plain gRPC)
     * @return empty when its pod template is not annotated {@code dapr.io/enabled}
     * @throws InjectionRejectedException when it is, with annotations the injector would refuse
     *         its pods for (no or a bad {@code dapr.io/app-id}, a bad metrics port)
     */
    static Optional<Service> of(HasMetadata workload, boolean mtls) {
        PodTemplateSpec template = template(workload);
        Map<String, String> annotations = template.getMetadata() == null
                ? null
                : template.getMetadata().getAnnotations();
        PodAnnotations a = new PodAnnotations(MAPPER.valueToTree(annotations));
        if (!a.truthy(SidecarSettings.ENABLED)) {
            return Optional.empty();
        }
        // no pod name: a workload's pods are named later, so the app id must be annotated (as daprd's operator asks)
        SidecarSettings s = SidecarSettings.read(a, null);
        Map<String, String> serviceAnnotations = new LinkedHashMap<>();
        serviceAnnotations.put(SidecarSettings.APP_ID, s.appId());
        if (s.enableMetrics()) {
            serviceAnnotations.put("prometheus.io/probe", "true");
            serviceAnnotations.put("prometheus.io/scrape", "true");
            serviceAnnotations.put("prometheus.io/port", Integer.toString(s.metricsPort()));
            serviceAnnotations.put("prometheus.io/path", METRICS_PATH);
        }
        return Optional.of(new ServiceBuilder()
                .withNewMetadata()
                .withName(name(s.appId()))
                .withNamespace(workload.getMetadata().getNamespace())
                .withLabels(Map.of(LABEL, "true"))
                .withAnnotations(serviceAnnotations)
                .withOwnerReferences(owner(workload))
                .endMetadata()
                .withNewSpec()
                .withClusterIP("None")
                .withSelector(matchLabels(workload))
                .withPorts(port("dapr-http", 80, SidecarContainer.HTTP_PORT, "http"),
                        port("dapr-grpc", SidecarContainer.GRPC_PORT, SidecarContainer.GRPC_PORT, "grpc"),
                        port("dapr-internal", SidecarContainer.INTERNAL_GRPC_PORT, SidecarContainer.INTERNAL_GRPC_PORT,
                                mtls ? "tls" : "grpc"),
                        port("dapr-metrics", s.metricsPort(), s.metricsPort(), "http"))
                .endSpec()
                .build());
    }

    /** Whether a Service is controlled by this workload (the owner reference {@link #of} sets). */
    static boolean controlledBy(Service service, HasMetadata workload) {
        return controller(service).map(o -> o.getUid().equals(workload.getMetadata().getUid())).orElse(false);
    }

    /** The Service's controlling owner, if it has one. */
    static Optional<OwnerReference> controller(Service service) {
        List<OwnerReference> owners = service.getMetadata().getOwnerReferences();
        return owners == null
                ? Optional.empty()
                : owners.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst();
    }

    /**
     * No {@code blockOwnerDeletion}: it would need update on the workload's finalizers (where the
     * API server enforces owner-reference permissions), and the Service need not outlive a
     * foreground deletion.
     */
    private static OwnerReference owner(HasMetadata workload) {
        return new OwnerReferenceBuilder().withApiVersion(workload.getApiVersion()).withKind(workload.getKind())
                .withName(workload.getMetadata().getName()).withUid(workload.getMetadata().getUid())
                .withController(true).build();
    }

    private static ServicePort port(String name, int port, int target, String appProtocol) {
        return new ServicePortBuilder().withName(name).withProtocol("TCP").withPort(port)
                .withTargetPort(new IntOrString(target)).withAppProtocol(appProtocol).build();
    }

    private static PodTemplateSpec template(HasMetadata workload) {
        if (workload instanceof Deployment d) {
            return d.getSpec().getTemplate();
        }
        if (workload instanceof StatefulSet s) {
            return s.getSpec().getTemplate();
        }
        throw new IllegalArgumentException("not a Deployment or StatefulSet: " + workload.getKind());
    }

    private static Map<String, String> matchLabels(HasMetadata workload) {
        if (workload instanceof Deployment d) {
            return d.getSpec().getSelector().getMatchLabels();
        }
        return ((StatefulSet) workload).getSpec().getSelector().getMatchLabels();
    }
}
