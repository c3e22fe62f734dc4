package io.quapr.sidecar.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code Configuration}'s {@code spec.tracing} section, as daprd reads it.
 *
 * @param samplingRate {@code samplingRate} (a string in daprd: {@code "1"}, {@code "0.1"}); 0 or
 *        absent means no spans
 * @param otelEndpoint {@code otel.endpointAddress} ({@code host:port}, daprd adds no scheme), or empty
 * @param otelHttp {@code otel.protocol: http} (OTLP over HTTP/protobuf); {@code grpc} otherwise
 * @param otelSecure {@code otel.isSecure} (default true, as daprd): TLS to the collector
 * @param headers {@code otel.headers}: {@code key=value} entries sent with every export
 * @param zipkinEndpoint {@code zipkin.endpointAddress}, or empty
 * @param stdout {@code stdout}: log every span
 */
public record TracingSettings(double samplingRate, String otelEndpoint, boolean otelHttp, boolean otelSecure,
        Map<String, String> headers, String zipkinEndpoint, boolean stdout) {

    /** No tracing. */
    public static TracingSettings none() {
        return new TracingSettings(0, "", false, true, Map.of(), "", false);
    }

    /** Reads the section; what does not parse counts as absent (the sampling rate as 0). */
    public static TracingSettings from(JsonNode tracing) {
        if (tracing == null || tracing.isMissingNode() || !tracing.isObject()) {
            return none();
        }
        double rate;
        try {
            rate = Double.parseDouble(tracing.path("samplingRate").asText("0").trim());
        } catch (NumberFormatException e) {
            rate = 0;
        }
        JsonNode otel = tracing.path("otel");
        Map<String, String> headers = new LinkedHashMap<>();
        List<JsonNode> entries = new ArrayList<>();
        otel.path("headers").forEach(entries::add);
        for (JsonNode h : entries) {
            String s = h.asText("");
            int eq = s.indexOf('=');
            if (eq > 0) {
                headers.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
            }
        }
        JsonNode secure = otel.path("isSecure");
        return new TracingSettings(Math.max(0, Math.min(1, rate)), otel.path("endpointAddress").asText("").trim(),
                otel.path("protocol").asText("grpc").trim().equalsIgnoreCase("http"),
                secure.isMissingNode() || secure.isNull() || secure.asBoolean(true), Map.copyOf(headers),
                tracing.path("zipkin").path("endpointAddress").asText("").trim(),
                tracing.path("stdout").asBoolean(false));
    }

    /**
     * Whether spans are made at all: as in daprd, a sampling rate above 0 and at least one exporter
     * (an OTLP endpoint, a Zipkin endpoint or stdout).
     */
    public boolean enabled() {
        return samplingRate > 0 && (!otelEndpoint.isEmpty() || !zipkinEndpoint.isEmpty() || stdout);
    }
}
