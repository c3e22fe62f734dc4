package io.quapr.sidecar.state;

import io.quapr.spi.state.StateOptions;
import java.util.Map;

/**
 * One delete as an app asks for it, before key prefixing.
 *
 * @param key the app's key
 * @param etag the expected ETag, or null
 * @param metadata request metadata
 * @param options concurrency and consistency
 */
public record DeleteItem(String key, String etag, Map<String, String> metadata, StateOptions options) {
}
