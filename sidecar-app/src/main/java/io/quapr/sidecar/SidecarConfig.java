package io.quapr.sidecar;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * The sidecar's own settings. The command line ({@code --app-id}, ...) sets these keys, so a
 * flag, a system property ({@code -Dquapr.app-id=}) and an environment variable
 * ({@code QUAPR_APP_ID}) all work the same way.
 */
@ConfigMapping(prefix = "quapr")
public interface SidecarConfig {

    /** {@code --app-id}: the app's id; prefixes state keys and names this sidecar. */
    Optional<String> appId();

    /** {@code --app-port}: the port the app listens on; unset when the app serves nothing. */
    Optional<Integer> appPort();

    /** {@code --app-protocol}: how the sidecar talks to its app ({@code http} or {@code grpc}). */
    @WithDefault("http")
    String appProtocol();

    /** {@code --app-channel-address}: the address the app listens on. */
    @WithDefault("127.0.0.1")
    String appChannelAddress();

    /**
     * {@code --resources-path} (repeatable; {@code --components-path} is an alias): folders of
     * resource YAML. Unset means the embedded default (see {@link #homeComponentsPath()}).
     */
    Optional<List<String>> resourcesPaths();

    /** {@code --config}: a Configuration resource file. */
    Optional<String> configFile();

    /** {@code --enable-api-logging}: log one line per API call. */
    @WithDefault("false")
    boolean enableApiLogging();

    /** {@code --dapr-graceful-shutdown-seconds}: how long shutdown waits for in-flight work. */
    @WithDefault("5")
    int gracefulShutdownSeconds();

    /** The namespace ({@code NAMESPACE} env var, as daprd reads it); empty outside Kubernetes. */
    @WithDefault("${NAMESPACE:}")
    Optional<String> namespace();

    /** The pod name ({@code POD_NAME} env var), for the {@code {podName}} template. */
    @WithDefault("${POD_NAME:}")
    Optional<String> podName();

    /**
     * Where embedded components keep their files when no resources path is given
     * ({@code ~/.quapr/data}).
     */
    @WithDefault("${user.home}/.quapr/data")
    String dataDir();

    /**
     * The folder read when no {@code --resources-path} is given, if it exists; otherwise the
     * built-in defaults (a {@code state.sqlite} store named {@code statestore}) are used.
     */
    @WithDefault("${user.home}/.quapr/components")
    String homeComponentsPath();

    /** {@code --metrics-port}: where metrics will be served (the observability issue serves them). */
    @WithDefault("9090")
    int metricsPort();

    /** {@code --max-body-size} in bytes: the largest request body either server accepts. */
    @WithDefault("4194304")
    long maxBodySize();
}
