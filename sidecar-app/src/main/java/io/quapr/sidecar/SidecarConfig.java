package io.quapr.sidecar;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
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

    /**
     * {@code --config}: the Configuration resource: a file in self-hosted mode, the name of a
     * {@code Configuration} in the sidecar's namespace in Kubernetes mode.
     */
    Optional<String> configFile();

    /**
     * {@code --mode}: where resources come from. {@code standalone} (daprd's default): files
     * ({@link #resourcesPaths()}). {@code kubernetes}: the Kubernetes API server, for the sidecar's
     * namespace ({@link #namespace()}): its Components, Subscriptions, Resiliency and HTTPEndpoints,
     * and the Configuration {@code --config} names; Components are hot-reloaded from a watch. Never
     * guessed from the environment, as daprd never guesses it: the injector passes the flag.
     */
    @WithDefault("standalone")
    Mode mode();

    /** Where the sidecar's resources come from ({@link #mode()}). */
    enum Mode {
        /** Resource files ({@code --resources-path}), or the embedded default. */
        STANDALONE,
        /** The Kubernetes API server, for the sidecar's namespace. */
        KUBERNETES
    }

    /** Hot reload of Components while the sidecar runs (Kubernetes mode's watch). */
    HotReload hotReload();

    /**
     * Hot reload: a Component created, changed or deleted while the sidecar runs is started,
     * replaced or closed without a restart, as daprd's {@code HotReload} feature does (on by
     * default since daprd made it so). A changed component's new instance is started first and
     * put in the old one's place in one step; the old one is closed once the calls it had taken
     * are over. The actor state store (the workflows' store) is not reloaded: a change to it is
     * logged and needs a restart, as in daprd.
     */
    interface HotReload {

        /** Whether Components are reloaded while the sidecar runs; off: they are read at start only. */
        @WithDefault("true")
        boolean enabled();

        /**
         * The longest a replaced or deleted component waits for its calls in flight before it is
         * closed anyway.
         */
        @WithDefault("5s")
        Duration drainTimeout();
    }

    /** Settings of Kubernetes mode. */
    Kubernetes kubernetes();

    /** Settings of Kubernetes mode ({@code --mode kubernetes}). */
    interface Kubernetes {

        /**
         * {@code --disable-builtin-k8s-secret-store}: do not load the built-in
         * {@code secretstores.kubernetes} store named {@code kubernetes}, which is otherwise the
         * store of every {@code secretKeyRef} in a resource without {@code auth.secretStore}.
         */
        @WithDefault("false")
        boolean disableBuiltinSecretStore();
    }

    /** {@code --enable-api-logging}: log one line per API call. */
    @WithDefault("false")
    boolean enableApiLogging();

    /** {@code --dapr-graceful-shutdown-seconds}: how long shutdown waits for in-flight work. */
    @WithDefault("5")
    int gracefulShutdownSeconds();

    /**
     * The namespace ({@code NAMESPACE} env var, as daprd reads it, or Quapr's {@code --namespace});
     * in Kubernetes mode without either, the pod's service account namespace file. Empty outside
     * Kubernetes.
     */
    @WithDefault("${NAMESPACE:}")
    Optional<String> namespace();

    /** The pod name ({@code POD_NAME} env var), for the {@code {podName}} template. */
    @WithDefault("${POD_NAME:}")
    Optional<String> podName();

    /**
     * The API token ({@code DAPR_API_TOKEN} env var, as daprd reads it): when set, every HTTP and
     * gRPC API call must carry it in the {@code dapr-api-token} header (health checks excepted),
     * or is answered 401 / {@code UNAUTHENTICATED}. Never logged.
     */
    @WithDefault("${DAPR_API_TOKEN:}")
    Optional<String> apiToken();

    /**
     * The app's token ({@code APP_API_TOKEN} env var, as daprd reads it): when set, the sidecar
     * sends it as {@code dapr-api-token} on every call to its app, so the app can tell the
     * sidecar's calls from others. Never logged.
     */
    @WithDefault("${APP_API_TOKEN:}")
    Optional<String> appApiToken();

    /**
     * {@code --data-dir} ({@code QUAPR_DATA_DIR}): where embedded components keep their files when no
     * resources path is given, and where the zero-config name resolution keeps its registry.
     * Default {@code ~/.quapr/data}, {@code ~} being {@code $HOME} as for daprd's {@code ~/.dapr}
     * (the JVM's {@code user.home} comes from the passwd entry, which a container with a random
     * uid does not have), and {@code user.home} only when {@code HOME} is unset.
     */
    @WithDefault("${HOME:${user.home}}/.quapr/data")
    String dataDir();

    /**
     * The folder read when no {@code --resources-path} is given, if it exists; otherwise the
     * built-in defaults (a {@code state.sqlite} store named {@code statestore}) are used. {@code ~}
     * is {@code $HOME}, as for {@link #dataDir()}.
     */
    @WithDefault("${HOME:${user.home}}/.quapr/components")
    String homeComponentsPath();

    /** {@code --metrics-port}: the port of the Prometheus endpoint ({@code GET /metrics}); 0 picks a free port. */
    @WithDefault("9090")
    int metricsPort();

    /** {@code --enable-metrics}: serve and record metrics (also off with {@code spec.metrics.enabled: false}). */
    @WithDefault("true")
    boolean enableMetrics();

    /** {@code --metrics-listen-address}: the address the metrics server binds. */
    @WithDefault("0.0.0.0")
    String metricsListenAddress();

    /** {@code --log-as-json}: log lines as JSON objects with daprd's fields. */
    @WithDefault("false")
    boolean logAsJson();

    /**
     * {@code --read-buffer-size} in bytes: the most a request line and its headers may take on the
     * HTTP API, as daprd's read buffer (4Ki); more is answered {@code 431}.
     */
    @WithDefault("4096")
    long readBufferSize();

    /**
     * How long a request's line and headers may take to arrive on the HTTP API (daprd's
     * {@code ReadHeaderTimeout}, 10 s): the first request's from the connection's accept, a later
     * one's from its first byte. A connection past it is closed unanswered.
     */
    @WithDefault("10s")
    Duration readHeaderTimeout();

    /**
     * The most connections the gRPC API port (50001) holds open at once; one more is closed as it
     * is accepted. An app's SDK keeps one or a few.
     */
    @WithDefault("4096")
    int grpcMaxConnections();

    /** How long a connection to the gRPC API port may carry no call before it is closed (GOAWAY). */
    @WithDefault("1h")
    Duration grpcIdleTimeout();

    /**
     * The most connections the sidecar-to-sidecar port holds open at once (a caller keeps one per
     * event loop); one more is closed as it is accepted.
     */
    @WithDefault("4096")
    int internalGrpcMaxConnections();

    /** How long a connection to the sidecar-to-sidecar port may carry nothing before it is closed. */
    @WithDefault("10m")
    Duration internalGrpcIdleTimeout();

    /** The most connections the metrics port holds open at once (scrapers need a few). */
    @WithDefault("64")
    int metricsMaxConnections();

    /** {@code --max-body-size} in bytes: the largest request body either server accepts. */
    @WithDefault("4194304")
    long maxBodySize();

    /**
     * {@code --dapr-internal-grpc-port}: the port of the server other sidecars call for service
     * invocation (daprd's default 50002); {@code 0} picks a free port.
     */
    @WithDefault("50002")
    int internalGrpcPort();

    /** {@code --dapr-internal-grpc-listen-address}: the address that server binds. */
    @WithDefault("0.0.0.0")
    String internalGrpcListenAddress();

    /**
     * The host other sidecars reach this one on, as registered with name resolution
     * ({@code DAPR_HOST_IP}, as daprd reads it; loopback when unset).
     */
    @WithDefault("${DAPR_HOST_IP:127.0.0.1}")
    String hostAddress();

    /**
     * {@code --app-max-concurrency}: the most calls in flight to the app at once, service
     * invocation and pub/sub delivery together; further calls wait for a free slot, as with
     * daprd. Unset or {@code -1}: unbounded.
     */
    @WithDefault("-1")
    int appMaxConcurrency();

    /** App health checks ({@code --enable-app-health-check} and its companions). */
    AppHealth appHealth();

    /** Mutual TLS between sidecars. */
    Mtls mtls();

    /** How messages of subscriptions are delivered to the app. */
    PubSub pubsub();

    /** Service invocation between sidecars. */
    Invoke invoke();

    /** The workflow engine (what daprd reads from the Configuration's {@code spec.workflow} is read there). */
    Workflow workflow();

    /** The actor runtime's settings that the app's {@code GET /dapr/config} does not carry. */
    Actors actors();

    /** The actor runtime's settings that the app's {@code GET /dapr/config} does not carry. */
    interface Actors {

        /**
         * How often active actors are checked for idleness: daprd's {@code actorScanInterval}
         * default; the app's {@code actorScanInterval} in {@code /dapr/config} wins over it.
         */
        @WithDefault("30s")
        Duration scanInterval();

        /**
         * How long an actor may stay idle before it is deactivated when the app's
         * {@code /dapr/config} names no {@code actorIdleTimeout}: daprd's 60 minutes.
         */
        @WithDefault("60m")
        Duration idleTimeout();

        /** How long the app has to answer one actor call (daprd sets no bound; this one is generous). */
        @WithDefault("1h")
        Duration callTimeout();

        /** The longest wait between two attempts to read the app's {@code /dapr/config} at start-up. */
        @WithDefault("5s")
        Duration configRetry();

        /**
         * How often a sidecar hosting actors renews its record among the actor members (in the
         * actor state store) and reads the others'.
         */
        @WithDefault("1s")
        Duration memberHeartbeat();

        /**
         * How long a member's record stays valid without renewal: after it, the other sidecars
         * count the member gone and take over its actors. A call to an actor whose sidecar was
         * killed waits about this long.
         */
        @WithDefault("5s")
        Duration memberTtl();

        /**
         * How long an actor call keeps looking for the actor's sidecar while the members change
         * (its host unreachable, its lease not yet free) before it fails with
         * {@code ERR_ACTOR_NO_ADDRESS}.
         */
        @WithDefault("20s")
        Duration placementTimeout();
    }

    /** The workflow engine's settings that daprd has no field for. */
    interface Workflow {

        /**
         * How long an activity's result may wait for the results of its workflow's other
         * activities still running at workers, so that they are committed in one transaction and
         * the workflow runs once for all of them (a fan-out of five ran two or three times). Only
         * a result with siblings still running waits; {@code 0} commits each result alone.
         */
        @WithDefault("5ms")
        Duration resultBatchWindow();
    }

    /**
     * App health checks, as daprd runs them: every {@link #probeInterval()} the sidecar probes
     * its app ({@code GET} {@link #path()} for HTTP apps, 2xx meaning healthy;
     * {@code AppCallbackHealthCheck.HealthCheck} for gRPC apps). The app starts out unhealthy
     * and turns healthy on the first successful probe; it turns unhealthy after
     * {@link #threshold()} failed probes. While it is unhealthy, pub/sub delivery to it waits
     * (messages stay unacknowledged) and resumes when it is healthy again.
     */
    interface AppHealth {

        /** {@code --enable-app-health-check}: probe the app at all. */
        @WithDefault("false")
        boolean enabled();

        /** {@code --app-health-check-path}: the path probed on HTTP apps. */
        @WithDefault("/healthz")
        String path();

        /** {@code --app-health-probe-interval} (seconds on the command line): time between probes. */
        @WithDefault("5s")
        Duration probeInterval();

        /**
         * {@code --app-health-probe-timeout} (milliseconds on the command line): a probe not
         * answered within it has failed; must not exceed the interval.
         */
        @WithDefault("500ms")
        Duration probeTimeout();

        /** {@code --app-health-threshold}: failed probes after which the app is unhealthy (at least 1). */
        @WithDefault("3")
        int threshold();
    }

    /**
     * Mutual TLS on the sidecar-to-sidecar channel: both ends present a certificate chain signed
     * by the trust anchors, and the callee takes the caller's app id from the SPIFFE id
     * ({@code spiffe://<trust-domain>/ns/<namespace>/<app-id>}) in its certificate. Each of the
     * three PEM inputs comes from its file when one is named, else from daprd's environment
     * variable; the files are checked for changes every {@link #reloadInterval()} and new
     * connections use the new certificates.
     */
    interface Mtls {

        /** {@code --enable-mtls}: require mTLS on the internal server and use it as a client. */
        @WithDefault("false")
        boolean enabled();

        /** {@code --trust-anchors-file}: PEM CA certificates that sign every sidecar's certificate. */
        Optional<String> trustAnchorsFile();

        /** {@code --cert-chain-file}: PEM certificate chain of this sidecar, leaf first. */
        Optional<String> certChainFile();

        /** {@code --cert-key-file}: PEM private key (PKCS#8, or SEC1/PKCS#1) of the leaf certificate. */
        Optional<String> certKeyFile();

        /** {@code DAPR_TRUST_ANCHORS}: the trust anchors' PEM text, when no file is named. */
        @WithDefault("${DAPR_TRUST_ANCHORS:}")
        Optional<String> trustAnchors();

        /** {@code DAPR_CERT_CHAIN}: the certificate chain's PEM text, when no file is named. */
        @WithDefault("${DAPR_CERT_CHAIN:}")
        Optional<String> certChain();

        /** {@code DAPR_CERT_KEY}: the private key's PEM text, when no file is named. */
        @WithDefault("${DAPR_CERT_KEY:}")
        Optional<String> certKey();

        /** How often the files are checked for a renewed certificate. */
        @WithDefault("5s")
        Duration reloadInterval();
    }

    /** Service invocation between sidecars ({@code quapr.invoke.*}; daprd has no such keys). */
    interface Invoke {

        /**
         * The most calls a caller sidecar may have in flight to this sidecar on one connection:
         * the HTTP/2 streams the internal server allows on a connection. A caller keeps one
         * connection per target sidecar on each of its event loops, so this bounds each caller's
         * calls per target and event loop; calls beyond it wait in the caller, in order, holding
         * no thread, and calls to other targets go on. The default is the cap daprd puts on the
         * calls it shares one pooled connection between (it opens another connection beyond it).
         */
        @WithDefault("2048")
        int maxConcurrentCalls();
    }

    /**
     * Delivery of subscribed messages to the app. The retry keys are the built-in delivery policy
     * used when no Resiliency policy applies to a subscription (no {@code components.<pubsub>.inbound},
     * per-topic or default inbound policy): a message the app keeps refusing is tried
     * {@link #maxAttempts()} times with doubling backoff, then goes to the subscription's
     * dead-letter topic, or is dropped with a log line when it has none.
     */
    interface PubSub {

        /** Deliveries of one message before it is dead-lettered or dropped (at least 1). */
        @WithDefault("5")
        int maxAttempts();

        /** The wait before the second delivery; each later wait doubles, up to {@link #maxBackoff()}. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** The longest wait between two deliveries. */
        @WithDefault("30s")
        Duration maxBackoff();

        /**
         * The most messages of one subscription being delivered to the app at once: delivery is
         * parallel by default, as in daprd, but bounded. A subscription whose metadata has
         * {@code inOrderBy: <message metadata key>} (for example {@code partitionKey}) is
         * delivered one message at a time per value of that key instead, still in parallel
         * across values.
         */
        @WithDefault("64")
        int maxInFlight();

        /** How long one delivery may take before it counts as failed (and is retried). */
        @WithDefault("60s")
        Duration deliveryTimeout();

        /** The longest wait between two attempts to reach the app's {@code /dapr/subscribe} at start-up. */
        @WithDefault("5s")
        Duration appConnectMaxBackoff();
    }
}
