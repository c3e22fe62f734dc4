package io.quapr.sidecar.kubernetes.injector;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quapr.sidecar.kubernetes.DaprPods;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code daprd} container the injector adds, and the volumes it mounts: Quapr run with
 * daprd's flags, locked down (non-root, read-only root file system, no capabilities), writing only
 * to an {@code emptyDir} at {@code /tmp}.
 */
final class SidecarContainer {

    /** daprd's container name: tooling (and the idempotence check) looks for it. */
    static final String NAME = DaprPods.SIDECAR_CONTAINER;
    static final int HTTP_PORT = 3500;
    static final int GRPC_PORT = 50001;
    static final int INTERNAL_GRPC_PORT = 50002;
    /** The readiness probe: 204 once every component is initialised. */
    static final String HEALTH_PATH = "/v1.0/healthz";
    /** The JVM, Vert.x and Netty write under /tmp; the embedded stores live below it too. */
    static final String TMP_VOLUME = "quapr-tmp";
    static final String DATA_DIR = "/tmp/quapr-data";
    static final String SPIFFE_VOLUME = "quapr-spiffe";
    /** Where csi-driver-spiffe's examples mount it: {@code tls.crt}, {@code tls.key}, {@code ca.crt}. */
    static final String SPIFFE_DIR = "/var/run/secrets/spiffe.io";
    static final String SPIFFE_DRIVER = "spiffe.csi.cert-manager.io";
    /** The key of the Secret that {@code dapr.io/api-token-secret} and {@code app-token-secret} name. */
    static final String TOKEN_KEY = "token";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SidecarContainer() {
    }

    /** The container, for a pod whose settings these are. */
    static ObjectNode container(SidecarSettings s, InjectorConfig config, boolean nativeSidecar) {
        ObjectNode c = JSON.objectNode();
        c.put("name", NAME);
        c.put("image", s.image().orElse(config.sidecarImage()));
        config.imagePullPolicy().ifPresent(p -> c.put("imagePullPolicy", p));
        if (nativeSidecar) {
            // a Kubernetes 1.29+ sidecar: started before the app containers, stopped after them
            c.put("restartPolicy", "Always");
        }
        ArrayNode args = c.putArray("args");
        args(s, config).forEach(args::add);
        ArrayNode ports = c.putArray("ports");
        port(ports, "dapr-http", HTTP_PORT);
        port(ports, "dapr-grpc", GRPC_PORT);
        port(ports, "dapr-internal", INTERNAL_GRPC_PORT);
        port(ports, "dapr-metrics", s.metricsPort());
        c.set("env", env(s));
        if (!s.resources().isEmpty()) {
            c.set("resources", resources(s.resources()));
        }
        ObjectNode readiness = probe(c, "readinessProbe", s.readiness());
        ObjectNode get = readiness.putObject("httpGet");
        get.put("path", HEALTH_PATH);
        get.put("port", HTTP_PORT);
        // alive as long as it listens: a sidecar still initialising a slow component is not restarted
        probe(c, "livenessProbe", s.liveness()).putObject("tcpSocket").put("port", HTTP_PORT);
        c.set("securityContext", securityContext(s));
        ArrayNode mounts = c.putArray("volumeMounts");
        mounts.addObject().put("name", TMP_VOLUME).put("mountPath", "/tmp");
        if (config.mtls()) {
            mounts.addObject().put("name", SPIFFE_VOLUME).put("mountPath", SPIFFE_DIR).put("readOnly", true);
        }
        return c;
    }

    /** The pod volumes the container mounts. */
    static List<ObjectNode> volumes(InjectorConfig config) {
        List<ObjectNode> volumes = new ArrayList<>();
        ObjectNode tmp = JSON.objectNode().put("name", TMP_VOLUME);
        tmp.putObject("emptyDir");
        volumes.add(tmp);
        if (config.mtls()) {
            ObjectNode spiffe = JSON.objectNode().put("name", SPIFFE_VOLUME);
            ObjectNode csi = spiffe.putObject("csi").put("driver", SPIFFE_DRIVER).put("readOnly", true);
            config.spiffeFsGroup()
                    .ifPresent(g -> csi.putObject("volumeAttributes").put(SPIFFE_DRIVER + "/fs-group", g));
            volumes.add(spiffe);
        }
        return volumes;
    }

    /** daprd's flags as Quapr's {@code DaprdFlags} reads them. */
    static List<String> args(SidecarSettings s, InjectorConfig config) {
        List<String> a = new ArrayList<>(List.of("--mode", "kubernetes", "--app-id", s.appId(),
                "--dapr-http-port", Integer.toString(HTTP_PORT), "--dapr-grpc-port", Integer.toString(GRPC_PORT),
                "--dapr-internal-grpc-port", Integer.toString(INTERNAL_GRPC_PORT),
                "--dapr-listen-addresses", s.listenAddresses(), "--app-protocol", s.appProtocol(),
                "--log-level", s.logLevel(), "--data-dir", DATA_DIR));
        s.appPort().ifPresent(p -> add(a, "--app-port", p));
        a.add("--enable-metrics=" + s.enableMetrics());
        add(a, "--metrics-port", s.metricsPort());
        s.config().ifPresent(v -> add(a, "--config", v));
        if (s.logAsJson()) {
            a.add("--log-as-json");
        }
        s.appMaxConcurrency().ifPresent(v -> add(a, "--app-max-concurrency", v));
        s.appChannelAddress().ifPresent(v -> add(a, "--app-channel-address", v));
        s.enableApiLogging().ifPresent(v -> a.add("--enable-api-logging=" + v));
        s.maxBodySize().ifPresent(v -> add(a, "--max-body-size", v));
        s.readBufferSize().ifPresent(v -> add(a, "--read-buffer-size", v));
        s.gracefulShutdownSeconds().ifPresent(v -> add(a, "--dapr-graceful-shutdown-seconds", v));
        SidecarSettings.AppHealth h = s.appHealth();
        if (h.enabled()) {
            a.add("--enable-app-health-check");
            add(a, "--app-health-check-path", h.path());
            add(a, "--app-health-probe-interval", h.intervalSeconds());
            add(a, "--app-health-probe-timeout", h.timeoutMillis());
            add(a, "--app-health-threshold", h.threshold());
        }
        if (config.mtls()) {
            a.add("--enable-mtls");
            add(a, "--trust-anchors-file", SPIFFE_DIR + "/ca.crt");
            add(a, "--cert-chain-file", SPIFFE_DIR + "/tls.crt");
            add(a, "--cert-key-file", SPIFFE_DIR + "/tls.key");
        }
        return a;
    }

    private static void add(List<String> args, String flag, Object value) {
        args.add(flag);
        args.add(String.valueOf(value));
    }

    private static ArrayNode env(SidecarSettings s) {
        ArrayNode env = JSON.arrayNode();
        fieldRef(env, "NAMESPACE", "metadata.namespace");
        fieldRef(env, "POD_NAME", "metadata.name");
        // the address other sidecars reach this one at (name resolution registers it)
        fieldRef(env, "DAPR_HOST_IP", "status.podIP");
        for (Map.Entry<String, String> e : s.env().entrySet()) {
            env.addObject().put("name", e.getKey()).put("value", e.getValue());
        }
        s.apiTokenSecret().ifPresent(secret -> secretRef(env, "DAPR_API_TOKEN", secret));
        s.appTokenSecret().ifPresent(secret -> secretRef(env, "APP_API_TOKEN", secret));
        return env;
    }

    private static void fieldRef(ArrayNode env, String name, String fieldPath) {
        env.addObject().put("name", name).putObject("valueFrom").putObject("fieldRef").put("fieldPath", fieldPath);
    }

    private static void secretRef(ArrayNode env, String name, String secret) {
        env.addObject().put("name", name).putObject("valueFrom").putObject("secretKeyRef").put("name", secret)
                .put("key", TOKEN_KEY);
    }

    private static ObjectNode resources(SidecarSettings.Resources r) {
        ObjectNode resources = JSON.objectNode();
        quantity(resources, "requests", "cpu", r.cpuRequest());
        quantity(resources, "requests", "memory", r.memoryRequest());
        quantity(resources, "limits", "cpu", r.cpuLimit());
        quantity(resources, "limits", "memory", r.memoryLimit());
        return resources;
    }

    private static void quantity(ObjectNode resources, String kind, String name, Optional<String> value) {
        value.ifPresent(v -> {
            ObjectNode group = resources.has(kind) ? (ObjectNode) resources.get(kind) : resources.putObject(kind);
            group.put(name, v);
        });
    }

    private static ObjectNode probe(ObjectNode c, String field, SidecarSettings.ProbeTiming t) {
        return c.putObject(field).put("initialDelaySeconds", t.delaySeconds()).put("timeoutSeconds", t.timeoutSeconds())
                .put("periodSeconds", t.periodSeconds()).put("failureThreshold", t.failureThreshold());
    }

    private static ObjectNode securityContext(SidecarSettings s) {
        ObjectNode sc = JSON.objectNode();
        sc.put("runAsNonRoot", true);
        sc.put("readOnlyRootFilesystem", true);
        sc.put("allowPrivilegeEscalation", false);
        sc.putObject("capabilities").putArray("drop").add("ALL");
        sc.putObject("seccompProfile").put("type", s.seccompProfileType());
        return sc;
    }

    private static void port(ArrayNode ports, String name, int port) {
        ports.addObject().put("name", name).put("containerPort", port);
    }
}
