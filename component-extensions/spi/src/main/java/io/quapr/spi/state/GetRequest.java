package io.quapr.spi.state;

import java.util.Map;

/**
 * Read one key.
 *
 * @param key the key as stored (the sidecar has already applied the key prefix)
 * @param metadata the request's {@code metadata.*} values, passed to the store as they came
 * @param consistency the requested consistency
 */
public record GetRequest(String key, Map<String, String> metadata, Consistency consistency) {

    /** A plain read with no metadata. */
    public static GetRequest of(String key) {
        return new GetRequest(key, Map.of(), Consistency.UNSPECIFIED);
    }
}
