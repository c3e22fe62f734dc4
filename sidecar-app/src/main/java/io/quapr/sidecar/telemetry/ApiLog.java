package io.quapr.sidecar.telemetry;

import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.config.resource.DaprConfiguration;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One log line per API call when API logging is on, with daprd's scopes
 * ({@code dapr.runtime.http-info}, {@code dapr.runtime.grpc.api-info}), message and fields
 * ({@code method}, {@code code}, {@code duration} in ms, {@code size}, {@code useragent}). Never
 * a header, a body or a query string: nothing a caller sends as a secret or token can reach it,
 * and with {@code obfuscateURLs} not even the names in the path.
 */
@ApplicationScoped
public class ApiLog {

    private static final Logger HTTP = Logger.getLogger("dapr.runtime.http-info");
    private static final Logger GRPC = Logger.getLogger("dapr.runtime.grpc.api-info");

    @Inject
    SidecarConfig config;

    @Inject
    DaprConfiguration configuration;

    private ApiLogSettings settings;
    private boolean json;

    @PostConstruct
    void init() {
        settings = ApiLogSettings.from(config.enableApiLogging(), configuration.section("logging").path("apiLogging"),
                configuration.source());
        json = config.logAsJson();
    }

    /** Whether API calls are logged. */
    public boolean enabled() {
        return settings.enabled();
    }

    /** Logs one HTTP API call. */
    void http(String method, String path, int code, long size, long durationMs, String userAgent) {
        if (settings.omitHealthChecks() && path.startsWith("/v1.0/healthz")) {
            return;
        }
        String m = method + " " + (settings.obfuscateURLs() ? ApiPaths.template(path) : path);
        line(HTTP, "HTTP API Called", m, code, size, durationMs, userAgent);
    }

    /** Logs one gRPC API call ({@code code} is the gRPC status code's number, as daprd logs it). */
    void grpc(String fullMethod, int code, long durationMs, String userAgent) {
        if (settings.omitHealthChecks() && fullMethod.endsWith("/Healthz")) {
            return;
        }
        line(GRPC, "gRPC API Called", fullMethod, code, -1, durationMs, userAgent);
    }

    private void line(Logger log, String msg, String method, int code, long size, long durationMs, String userAgent) {
        if (json) {
            // the JSON formatter writes MDC entries as fields of the line
            MDC.put("method", method);
            MDC.put("code", code);
            MDC.put("duration", durationMs);
            if (size >= 0) {
                MDC.put("size", size);
            }
            if (userAgent != null) {
                MDC.put("useragent", userAgent);
            }
            try {
                log.info(msg);
            } finally {
                MDC.remove("method");
                MDC.remove("code");
                MDC.remove("duration");
                MDC.remove("size");
                MDC.remove("useragent");
            }
            return;
        }
        StringBuilder b = new StringBuilder(msg).append(" method=\"").append(method).append("\" code=").append(code);
        if (size >= 0) {
            b.append(" size=").append(size);
        }
        b.append(" duration=").append(durationMs);
        if (userAgent != null) {
            b.append(" useragent=\"").append(userAgent.replace("\"", "'")).append('"');
        }
        log.info(b.toString());
    }
}
