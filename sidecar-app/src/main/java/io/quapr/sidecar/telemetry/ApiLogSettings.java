package io.quapr.sidecar.telemetry;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * API logging: {@code --enable-api-logging} and the {@code Configuration}'s
 * {@code spec.logging.apiLogging} section, as daprd combines them (the section's {@code enabled}
 * turns it on when the flag is not given).
 *
 * @param enabled one log line per API call
 * @param obfuscateURLs {@code obfuscateURLs}: log the API's path template, not the path with its
 *        values (state keys, topic names)
 * @param omitHealthChecks {@code omitHealthChecks}: no line for health checks
 */
public record ApiLogSettings(boolean enabled, boolean obfuscateURLs, boolean omitHealthChecks) {

    /** Combines the flag with the section ({@code spec.logging.apiLogging}, may be missing). */
    public static ApiLogSettings from(boolean flag, JsonNode apiLogging, String source) {
        boolean enabled = flag || MetricsSettings.bool(apiLogging, "enabled", false, source);
        return new ApiLogSettings(enabled, MetricsSettings.bool(apiLogging, "obfuscateURLs", false, source),
                MetricsSettings.bool(apiLogging, "omitHealthChecks", false, source));
    }
}
