package io.quapr.sidecar.telemetry;

import io.quapr.sidecar.components.OtherResource;
import io.quapr.sidecar.components.ResourceLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns {@code spec.tracing} into the OpenTelemetry extension's run-time properties. It runs
 * before Quarkus starts ({@code QuaprMain}), because the SDK is built from configuration before
 * any bean could read the Configuration file; without tracing the SDK is disabled
 * ({@code quarkus.otel.sdk.disabled=true}), so nothing is exported and spans cost nothing. The OTLP
 * endpoint is only set when the Configuration names one ({@link NoOtlpExport}).
 */
public final class TracingProperties {

    private TracingProperties() {
    }

    /**
     * The properties for a {@code --config} file; problems with the file are left to
     * {@code DaprConfiguration}, which reports them when the sidecar starts.
     *
     * @param configFile the file, or null/empty without {@code --config}
     */
    public static Map<String, String> forConfigFile(String configFile) {
        TracingSettings settings = TracingSettings.none();
        if (configFile != null && !configFile.isBlank() && Files.isRegularFile(Path.of(configFile.trim()))) {
            try {
                List<OtherResource> found = ResourceLoader.loadFile(Path.of(configFile.trim())).ofKind("Configuration");
                if (found.size() == 1) {
                    settings = TracingSettings.from(found.get(0).spec().path("tracing"));
                }
            } catch (RuntimeException e) {
                // reported by DaprConfiguration at start-up
            }
        }
        return of(settings);
    }

    /** The properties for these settings. */
    public static Map<String, String> of(TracingSettings s) {
        Map<String, String> p = new LinkedHashMap<>();
        if (!s.enabled()) {
            p.put("quarkus.otel.sdk.disabled", "true");
            return p;
        }
        p.put("quarkus.otel.sdk.disabled", "false");
        p.put("quarkus.otel.traces.sampler.arg", Double.toString(s.samplingRate()));
        if (!s.otelEndpoint().isEmpty()) {
            String endpoint = s.otelEndpoint().contains("://")
                    ? s.otelEndpoint()
                    : (s.otelSecure() ? "https://" : "http://") + s.otelEndpoint();
            p.put("quarkus.otel.exporter.otlp.traces.endpoint", endpoint);
            p.put("quarkus.otel.exporter.otlp.traces.protocol", s.otelHttp() ? "http/protobuf" : "grpc");
            if (!s.headers().isEmpty()) {
                p.put("quarkus.otel.exporter.otlp.traces.headers", s.headers().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
            }
        }
        return p;
    }
}
