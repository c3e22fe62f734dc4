package io.quapr.sidecar.cli;

import io.quapr.spi.ByteSize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * daprd's command line, read with Go's flag syntax ({@code -flag}, {@code --flag},
 * {@code --flag=value}, {@code --flag value}) and turned into configuration properties.
 *
 * <p>
 * Flags we implement set a property; flags daprd has that we do not implement yet are accepted
 * with a warning (they are listed in the README); anything else is an error, so a typo never
 * silently starts a sidecar configured differently from what the user wrote.
 */
public final class DaprdFlags {

    /** daprd flags accepted and ignored with a warning until the issue that needs them. */
    static final Set<String> IGNORED = Set.of("dapr-public-port", "dapr-public-listen-address",
            "profile-port", "control-plane-address",
            "sentry-address", "control-plane-trust-domain", "control-plane-namespace", "sentry-request-jwt-audiences",
            "allowed-origins", "enable-profiling", "wait", "app-ssl",
            "unix-domain-socket", "dapr-block-shutdown-duration",
            "disable-init-endpoints",
            "placement-host-address", "scheduler-host-address", "scheduler-job-streams", "actors-disseminate-timeout",
            "hot-reload-reconcile-interval", "app-binding-options-timeout", "enable-metrics-exemplar");

    private static final Set<String> BOOL_IGNORED = Set.of("enable-profiling", "wait", "app-ssl",
            "enable-metrics-exemplar");

    private static final Map<String, Flag> FLAGS = new LinkedHashMap<>();

    static {
        add(Flag.value("app-id", "quapr.app-id"));
        add(Flag.custom("app-port", (v, p) -> p.put("quapr.app-port", port("app-port", v))));
        add(Flag.custom("app-protocol", (v, p) -> p.put("quapr.app-protocol", protocol(v))));
        add(Flag.value("app-channel-address", "quapr.app-channel-address"));
        add(Flag.custom("dapr-http-port", (v, p) -> p.put("quarkus.http.port", port("dapr-http-port", v))));
        add(Flag.custom("dapr-grpc-port", (v, p) -> p.put("quarkus.grpc.server.port", port("dapr-grpc-port", v))));
        add(Flag.custom("dapr-listen-addresses", DaprdFlags::listenAddresses));
        add(Flag.custom("resources-path", (v, p) -> appendList(p, "quapr.resources-paths", v)));
        add(Flag.custom("components-path", (v, p) -> appendList(p, "quapr.resources-paths", v)));
        add(Flag.value("config", "quapr.config-file"));
        add(Flag.custom("mode", DaprdFlags::mode));
        // Quapr's own: daprd reads only the NAMESPACE variable
        add(Flag.value("namespace", "quapr.namespace"));
        add(Flag.bool("disable-builtin-k8s-secret-store", "quapr.kubernetes.disable-builtin-secret-store"));
        // Quapr's own: daprd has no such flag (its files live in ~/.dapr)
        add(Flag.value("data-dir", "quapr.data-dir"));
        add(Flag.custom("log-level", DaprdFlags::logLevel));
        add(Flag.bool("log-as-json", "quapr.log-as-json"));
        add(Flag.bool("enable-api-logging", "quapr.enable-api-logging"));
        add(Flag.custom("metrics-port", (v, p) -> p.put("quapr.metrics-port", port("metrics-port", v))));
        add(Flag.bool("enable-metrics", "quapr.enable-metrics"));
        add(Flag.value("metrics-listen-address", "quapr.metrics-listen-address"));
        add(Flag.custom("max-body-size", DaprdFlags::maxBodySize));
        add(Flag.custom("dapr-http-max-request-size",
                (v, p) -> maxBodySize(Integer.parseInt(v.trim()) + "Mi", p)));
        add(Flag.custom("read-buffer-size", DaprdFlags::readBufferSize));
        add(Flag.custom("dapr-http-read-buffer-size",
                (v, p) -> readBufferSize(Integer.parseInt(v.trim()) + "Ki", p)));
        add(Flag.custom("dapr-graceful-shutdown-seconds", DaprdFlags::gracefulShutdown));
        add(Flag.custom("dapr-internal-grpc-port",
                (v, p) -> p.put("quapr.internal-grpc-port", port("dapr-internal-grpc-port", v))));
        add(Flag.value("dapr-internal-grpc-listen-address", "quapr.internal-grpc-listen-address"));
        add(Flag.bool("enable-mtls", "quapr.mtls.enabled"));
        add(Flag.value("trust-anchors-file", "quapr.mtls.trust-anchors-file"));
        add(Flag.value("cert-chain-file", "quapr.mtls.cert-chain-file"));
        add(Flag.value("cert-key-file", "quapr.mtls.cert-key-file"));
        add(Flag.custom("app-max-concurrency",
                (v, p) -> p.put("quapr.app-max-concurrency", Integer.toString(Integer.parseInt(v.trim())))));
        add(Flag.bool("enable-app-health-check", "quapr.app-health.enabled"));
        add(Flag.value("app-health-check-path", "quapr.app-health.path"));
        // daprd takes the interval in seconds and the timeout in milliseconds, as plain integers
        add(Flag.custom("app-health-probe-interval",
                (v, p) -> p.put("quapr.app-health.probe-interval", positive("app-health-probe-interval", v) + "s")));
        add(Flag.custom("app-health-probe-timeout",
                (v, p) -> p.put("quapr.app-health.probe-timeout", positive("app-health-probe-timeout", v) + "ms")));
        add(Flag.custom("app-health-threshold",
                (v, p) -> p.put("quapr.app-health.threshold", positive("app-health-threshold", v))));
    }

    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private boolean versionRequested;

    private DaprdFlags() {
    }

    private static void add(Flag flag) {
        FLAGS.put(flag.name(), flag);
    }

    /**
     * Reads a command line.
     *
     * @throws FlagException for an unknown flag, a missing value or a value that does not parse
     */
    public static DaprdFlags parse(String... args) {
        DaprdFlags result = new DaprdFlags();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
                throw new FlagException("unexpected argument '" + arg + "': daprd takes only flags (see --help)");
            }
            String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            String name = body;
            String value = null;
            int eq = body.indexOf('=');
            if (eq >= 0) {
                name = body.substring(0, eq);
                value = body.substring(eq + 1);
            }
            if (name.equals("version")) {
                result.versionRequested = true;
                continue;
            }
            Flag flag = FLAGS.get(name);
            boolean ignored = flag == null && IGNORED.contains(name);
            if (flag == null && !ignored) {
                throw new FlagException("unknown flag: --" + name);
            }
            boolean bool = flag != null ? flag.bool() : BOOL_IGNORED.contains(name);
            if (value == null) {
                if (bool) {
                    value = "true";
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new FlagException("flag needs an argument: --" + name);
                }
            }
            if (bool) {
                value = goBool(name, value);
            }
            if (ignored) {
                result.warnings.add("flag --" + name + " is accepted but not implemented by quapr yet; ignored");
                continue;
            }
            try {
                flag.apply().accept(value, result.properties);
            } catch (NumberFormatException e) {
                throw new FlagException("invalid value \"" + value + "\" for flag --" + name);
            }
        }
        return result;
    }

    /** The configuration properties the flags set, to be applied before the application starts. */
    public Map<String, String> properties() {
        return properties;
    }

    /** One line per accepted-but-ignored flag. */
    public List<String> warnings() {
        return warnings;
    }

    /** Whether {@code --version} was given: print the version and exit. */
    public boolean versionRequested() {
        return versionRequested;
    }

    private static String port(String flag, String v) {
        int port;
        try {
            port = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new FlagException("invalid value \"" + v + "\" for flag --" + flag + ": not a port number");
        }
        if (port < 0 || port > 65535) {
            throw new FlagException("invalid value \"" + v + "\" for flag --" + flag + ": not a port number");
        }
        return Integer.toString(port);
    }

    private static String positive(String flag, String v) {
        int n = Integer.parseInt(v.trim());
        if (n <= 0) {
            throw new FlagException("invalid value \"" + v + "\" for flag --" + flag + ": must be greater than 0");
        }
        return Integer.toString(n);
    }

    private static String protocol(String v) {
        String p = v.trim().toLowerCase(Locale.ROOT);
        if (!Set.of("http", "https", "grpc", "grpcs", "h2c").contains(p)) {
            throw new FlagException(
                    "invalid value \"" + v + "\" for flag --app-protocol: use http, https, grpc, grpcs or h2c");
        }
        return p;
    }

    private static void mode(String v, Map<String, String> p) {
        String mode = v.trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("standalone") && !mode.equals("kubernetes")) {
            throw new FlagException("invalid value \"" + v + "\" for flag --mode: use standalone or kubernetes");
        }
        p.put("quapr.mode", mode);
    }

    private static String goBool(String flag, String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "1", "t", "true" -> "true";
            case "0", "f", "false" -> "false";
            default -> throw new FlagException("invalid boolean value \"" + v + "\" for flag --" + flag);
        };
    }

    private static void appendList(Map<String, String> p, String key, String v) {
        // the value may itself be a comma-separated list, as with daprd's string-slice flags
        String existing = p.get(key);
        p.put(key, existing == null ? v : existing + "," + v);
    }

    private static void listenAddresses(String v, Map<String, String> p) {
        // Quarkus listens on one host per server: take the first address daprd would bind
        String first = v.split(",")[0].trim();
        if (first.startsWith("[") && first.endsWith("]")) {
            first = first.substring(1, first.length() - 1);
        }
        if (first.isEmpty()) {
            throw new FlagException("invalid value \"" + v + "\" for flag --dapr-listen-addresses");
        }
        p.put("quarkus.http.host", first);
        p.put("quarkus.grpc.server.host", first);
    }

    private static void logLevel(String v, Map<String, String> p) {
        String level = switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "debug" -> "DEBUG";
            case "info" -> "INFO";
            case "warn" -> "WARN";
            case "error" -> "ERROR";
            case "fatal" -> "FATAL";
            default -> throw new FlagException(
                    "invalid value \"" + v + "\" for flag --log-level: use debug, info, warn, error or fatal");
        };
        // debug is the sidecar's own: libraries stay at info, as daprd's --log-level covers only dapr's
        // loggers (Netty's gRPC frame logger prints request headers, the API token among them, at debug)
        p.put("quarkus.log.level", level.equals("DEBUG") ? "INFO" : level);
        p.put("quarkus.log.category.\"io.quapr\".level", level);
        if (level.equals("DEBUG")) {
            p.put("quarkus.log.min-level", "DEBUG");
        }
    }

    private static void maxBodySize(String v, Map<String, String> p) {
        long bytes = size("max-body-size", v, "4Mi");
        p.put("quarkus.http.limits.max-body-size", Long.toString(bytes));
        // gRPC's limit is an int: larger sizes mean "as large as gRPC allows"
        p.put("quarkus.grpc.server.max-inbound-message-size", Long.toString(Math.min(bytes, Integer.MAX_VALUE)));
        p.put("quapr.max-body-size", Long.toString(bytes));
    }

    private static void readBufferSize(String v, Map<String, String> p) {
        long bytes = size("read-buffer-size", v, "4Ki");
        // headers alone are bounded by the HTTP codec; the request line with them by RequestHeadRules
        p.put("quarkus.http.limits.max-header-size", Long.toString(bytes));
        p.put("quapr.read-buffer-size", Long.toString(bytes));
    }

    /** A size flag's value in bytes ({@code 4Mi}, {@code 512Ki}, ...), as daprd parses it. */
    private static long size(String flag, String v, String example) {
        try {
            return ByteSize.parse(v);
        } catch (IllegalArgumentException e) {
            throw new FlagException("invalid value \"" + v + "\" for flag --" + flag + ": use a size like " + example);
        }
    }

    private static void gracefulShutdown(String v, Map<String, String> p) {
        int seconds = Integer.parseInt(v.trim());
        if (seconds < 0) {
            throw new FlagException("invalid value \"" + v + "\" for flag --dapr-graceful-shutdown-seconds");
        }
        p.put("quapr.graceful-shutdown-seconds", Integer.toString(seconds));
        p.put("quarkus.shutdown.timeout", seconds + "s");
    }
}
