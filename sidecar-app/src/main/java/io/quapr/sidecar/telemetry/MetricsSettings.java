package io.quapr.sidecar.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import io.quapr.sidecar.StartupException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Configuration}'s {@code spec.metrics} section, as daprd reads it.
 *
 * @param enabled {@code enabled} (default true): false turns the metrics endpoint and recording off
 * @param recordErrorCodes {@code recordErrorCodes} (default false): count {@code dapr_error_code_total}
 * @param increasedCardinality {@code http.increasedCardinality}: label HTTP metrics with a path
 *        reduced by daprd's rules (state key, actor id cut off). daprd 1.17 defaults to true and
 *        warns that the default will change; Quapr defaults to false, so no URL reaches a label
 *        unless asked for
 * @param pathMatching {@code http.pathMatching}: path patterns ({@code /orders/{id}}) whose
 *        pattern, not the raw path, labels the HTTP metrics; other paths get an empty label
 * @param excludeVerbs {@code http.excludeVerbs}: no method label on HTTP metrics
 * @param latencyBuckets {@code latencyDistributionBuckets} in milliseconds, or daprd's default
 */
public record MetricsSettings(boolean enabled, boolean recordErrorCodes, boolean increasedCardinality,
        List<String> pathMatching, boolean excludeVerbs, double[] latencyBuckets) {

    /** daprd's default latency buckets, in milliseconds. */
    static final double[] DEFAULT_LATENCY_BUCKETS = { 1, 2, 3, 4, 5, 6, 8, 10, 13, 16, 20, 25, 30, 40, 50, 65, 80,
            100, 130, 160, 200, 250, 300, 400, 500, 650, 800, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000,
            100_000 };

    /** What applies without a {@code metrics} section. */
    public static MetricsSettings defaults() {
        return new MetricsSettings(true, false, false, List.of(), false, DEFAULT_LATENCY_BUCKETS);
    }

    /**
     * Reads the section.
     *
     * @param section {@code spec.metrics} (a missing node when absent)
     * @param source the Configuration file, for error messages
     */
    public static MetricsSettings from(JsonNode section, String source) {
        if (section == null || section.isMissingNode() || section.isNull()) {
            return defaults();
        }
        JsonNode http = section.path("http");
        List<String> paths = new ArrayList<>();
        for (JsonNode p : http.path("pathMatching")) {
            if (!p.isTextual() || p.textValue().isBlank()) {
                throw new StartupException(
                        List.of(source + ": spec.metrics.http.pathMatching must be a list of paths"));
            }
            paths.add(p.textValue().trim());
        }
        double[] buckets = DEFAULT_LATENCY_BUCKETS;
        JsonNode b = section.path("latencyDistributionBuckets");
        if (b.isArray() && !b.isEmpty()) {
            buckets = new double[b.size()];
            for (int i = 0; i < b.size(); i++) {
                if (!b.get(i).isNumber()) {
                    throw new StartupException(
                            List.of(source + ": spec.metrics.latencyDistributionBuckets must be a list of numbers"));
                }
                buckets[i] = b.get(i).asDouble();
            }
        }
        return new MetricsSettings(bool(section, "enabled", true, source),
                bool(section, "recordErrorCodes", false, source),
                bool(http, "increasedCardinality", false, source), List.copyOf(paths),
                bool(http, "excludeVerbs", false, source), buckets);
    }

    static boolean bool(JsonNode node, String field, boolean dflt, String source) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return dflt;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && (v.textValue().equalsIgnoreCase("true") || v.textValue().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(v.textValue());
        }
        throw new StartupException(
                List.of(source + ": " + field + " must be true or false, found '" + v.asText() + "'"));
    }
}
