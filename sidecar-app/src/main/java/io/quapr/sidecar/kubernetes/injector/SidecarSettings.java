package io.quapr.sidecar.kubernetes.injector;

import io.quapr.sidecar.kubernetes.DaprPods;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a pod's {@code dapr.io/*} annotations ask of its sidecar, read and checked once; defaults
 * are daprd injector's. A value that does not parse refuses the pod ({@link PodAnnotations}).
 *
 * @param appId {@code dapr.io/app-id}, else the pod's name
 * @param appPort {@code dapr.io/app-port}
 * @param appProtocol {@code dapr.io/app-protocol}
 * @param config {@code dapr.io/config}: the Configuration resource's name
 * @param logLevel {@code dapr.io/log-level}
 * @param logAsJson {@code dapr.io/log-as-json}
 * @param appMaxConcurrency {@code dapr.io/app-max-concurrency}
 * @param enableMetrics {@code dapr.io/enable-metrics}
 * @param metricsPort {@code dapr.io/metrics-port}
 * @param resources requests and limits ({@code dapr.io/sidecar-cpu-request}, ...)
 * @param env {@code dapr.io/env}, in order
 * @param listenAddresses {@code dapr.io/sidecar-listen-addresses}
 * @param apiTokenSecret {@code dapr.io/api-token-secret}
 * @param appTokenSecret {@code dapr.io/app-token-secret}
 * @param liveness {@code dapr.io/sidecar-liveness-probe-*}
 * @param readiness {@code dapr.io/sidecar-readiness-probe-*}
 * @param appHealth {@code dapr.io/enable-app-health-check} and {@code dapr.io/app-health-*}
 * @param gracefulShutdownSeconds {@code dapr.io/graceful-shutdown-seconds}
 * @param image {@code dapr.io/sidecar-image}
 * @param enableApiLogging {@code dapr.io/enable-api-logging}
 * @param maxBodySize {@code dapr.io/max-body-size}
 * @param readBufferSize {@code dapr.io/read-buffer-size}
 * @param appChannelAddress {@code dapr.io/app-channel-address}
 * @param seccompProfileType {@code dapr.io/sidecar-seccomp-profile-type}
 * @param nativeSidecar {@code dapr.io/enable-native-sidecar}: this pod's choice, over the injector's
 */
record SidecarSettings(String appId, Optional<Integer> appPort, String appProtocol, Optional<String> config,
        String logLevel, boolean logAsJson, Optional<Integer> appMaxConcurrency, boolean enableMetrics, int metricsPort,
        Resources resources, Map<String, String> env, String listenAddresses, Optional<String> apiTokenSecret,
        Optional<String> appTokenSecret, ProbeTiming liveness, ProbeTiming readiness, AppHealth appHealth,
        Optional<Integer> gracefulShutdownSeconds, Optional<String> image, Optional<Boolean> enableApiLogging,
        Optional<String> maxBodySize, Optional<String> readBufferSize, Optional<String> appChannelAddress,
        String seccompProfileType, Optional<Boolean> nativeSidecar) {

    static final String ENABLED = DaprPods.ENABLED;
    static final String APP_ID = DaprPods.APP_ID;
    static final String PREFIX = "dapr.io/";

    /** The app id names the Kubernetes Service {@code <app-id>-dapr}, which must be a DNS label. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    /**
     * Probe timing of the sidecar container.
     *
     * @param delaySeconds initialDelaySeconds
     * @param timeoutSeconds timeoutSeconds
     * @param periodSeconds periodSeconds
     * @param failureThreshold failureThreshold
     */
    record ProbeTiming(int delaySeconds, int timeoutSeconds, int periodSeconds, int failureThreshold) {

        static ProbeTiming read(PodAnnotations a, String prefix, ProbeTiming defaults) {
            return new ProbeTiming(a.atLeast(prefix + "delay-seconds", 0, defaults.delaySeconds),
                    a.atLeast(prefix + "timeout-seconds", 1, defaults.timeoutSeconds),
                    a.atLeast(prefix + "period-seconds", 1, defaults.periodSeconds),
                    a.atLeast(prefix + "threshold", 1, defaults.failureThreshold));
        }
    }

    /**
     * The sidecar's probing of the app.
     *
     * @param enabled whether it probes
     * @param path the HTTP path probed
     * @param intervalSeconds seconds between probes
     * @param timeoutMillis milliseconds a probe may take
     * @param threshold failures before the app is unhealthy
     */
    record AppHealth(boolean enabled, String path, int intervalSeconds, int timeoutMillis, int threshold) {
    }

    /**
     * Kubernetes quantities for the sidecar container; each may be absent.
     *
     * @param cpuRequest requests.cpu
     * @param cpuLimit limits.cpu
     * @param memoryRequest requests.memory
     * @param memoryLimit limits.memory
     */
    record Resources(Optional<String> cpuRequest, Optional<String> cpuLimit, Optional<String> memoryRequest,
            Optional<String> memoryLimit) {

        boolean isEmpty() {
            return cpuRequest.isEmpty() && cpuLimit.isEmpty() && memoryRequest.isEmpty() && memoryLimit.isEmpty();
        }
    }

    /** daprd injector's probe defaults. */
    static final ProbeTiming LIVENESS_DEFAULTS = new ProbeTiming(180, 3, 10, 5);
    static final ProbeTiming READINESS_DEFAULTS = new ProbeTiming(1, 1, 1, 5);

    /**
     * Reads the annotations.
     *
     * @param podName the pod's {@code metadata.name}: the app id when none is annotated (as daprd's
     *        injector does); pods a controller makes often have none yet, and are refused then
     * @throws InjectionRejectedException naming the first annotation that cannot be used
     */
    static SidecarSettings read(PodAnnotations a, String podName) {
        String appId = a.string(APP_ID, podName == null ? "" : podName);
        if (appId.isEmpty()) {
            throw new InjectionRejectedException("annotation " + APP_ID
                    + " is not set and the pod has no name yet (a controller names its pods later): set " + APP_ID);
        }
        if (appId.length() > 58 || !DNS_LABEL.matcher(appId).matches()) {
            throw a.string(APP_ID).isPresent()
                    ? a.bad(APP_ID,
                            "is not a valid app id (a DNS label of lower-case letters, digits and '-', at most 58 characters)")
                    : new InjectionRejectedException("pod name \"" + appId + "\" cannot be the app id: set " + APP_ID);
        }
        return new SidecarSettings(appId,
                a.port(PREFIX + "app-port"),
                a.oneOf(PREFIX + "app-protocol", Set.of("http", "https", "grpc", "grpcs", "h2c"), "http"),
                a.string(PREFIX + "config").map(String::trim).filter(s -> !s.isEmpty()),
                a.oneOf(PREFIX + "log-level", Set.of("debug", "info", "warn", "error", "fatal"), "info"),
                a.bool(PREFIX + "log-as-json", false),
                a.atLeast(PREFIX + "app-max-concurrency", 1),
                a.bool(PREFIX + "enable-metrics", true),
                a.port(PREFIX + "metrics-port", 9090),
                new Resources(a.quantity(PREFIX + "sidecar-cpu-request"), a.quantity(PREFIX + "sidecar-cpu-limit"),
                        a.quantity(PREFIX + "sidecar-memory-request"), a.quantity(PREFIX + "sidecar-memory-limit")),
                env(a),
                // daprd's injector binds loopback and probes a public port Quapr does not have:
                // the kubelet reaches the API port on the pod's address, so it binds all of them
                a.string(PREFIX + "sidecar-listen-addresses", "0.0.0.0"),
                a.string(PREFIX + "api-token-secret").map(String::trim).filter(s -> !s.isEmpty()),
                a.string(PREFIX + "app-token-secret").map(String::trim).filter(s -> !s.isEmpty()),
                ProbeTiming.read(a, PREFIX + "sidecar-liveness-probe-", LIVENESS_DEFAULTS),
                ProbeTiming.read(a, PREFIX + "sidecar-readiness-probe-", READINESS_DEFAULTS),
                new AppHealth(a.bool(PREFIX + "enable-app-health-check", false),
                        a.string(PREFIX + "app-health-check-path", "/healthz"),
                        a.atLeast(PREFIX + "app-health-probe-interval", 1, 5),
                        a.atLeast(PREFIX + "app-health-probe-timeout", 1, 500),
                        a.atLeast(PREFIX + "app-health-threshold", 1, 3)),
                a.atLeast(PREFIX + "graceful-shutdown-seconds", 0),
                a.string(PREFIX + "sidecar-image").map(String::trim).filter(s -> !s.isEmpty()),
                a.optionalBool(PREFIX + "enable-api-logging"),
                a.quantity(PREFIX + "max-body-size"),
                a.quantity(PREFIX + "read-buffer-size"),
                a.string(PREFIX + "app-channel-address").map(String::trim).filter(s -> !s.isEmpty()),
                a.oneOf(PREFIX + "sidecar-seccomp-profile-type", Set.of("RuntimeDefault", "Unconfined"),
                        "RuntimeDefault"),
                a.optionalBool(PREFIX + "enable-native-sidecar"));
    }

    /** {@code K=V,K2=V2}: each entry needs a name and an {@code =}; the value may be empty. */
    private static Map<String, String> env(PodAnnotations a) {
        String key = PREFIX + "env";
        Map<String, String> env = new LinkedHashMap<>();
        Optional<String> raw = a.string(key).map(String::trim).filter(s -> !s.isEmpty());
        if (raw.isEmpty()) {
            return env;
        }
        for (String entry : raw.get().split(",")) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || entry.substring(0, eq).isBlank()) {
                throw a.bad(key, "is not a list of NAME=value separated by commas");
            }
            env.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return env;
    }
}
