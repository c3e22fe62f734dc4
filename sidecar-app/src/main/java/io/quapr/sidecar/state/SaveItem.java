package io.quapr.sidecar.state;

import io.quapr.spi.state.StateOptions;
import java.util.Map;

/**
 * One write as an app asks for it, before key prefixing: the shape both transports translate
 * into.
 *
 * @param key the app's key
 * @param value the bytes to store
 * @param etag the expected ETag, or null
 * @param metadata request metadata
 * @param options concurrency and consistency
 */
public record SaveItem(String key, byte[] value, String etag, Map<String, String> metadata, StateOptions options) {
}
