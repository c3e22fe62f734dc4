package io.quapr.spi.state;

import java.util.Map;

/**
 * Delete one key. Deleting a key that does not exist succeeds, unless an ETag is given.
 *
 * @param key the key as stored (prefix applied)
 * @param etag the ETag the stored version must carry, or {@code null}
 * @param metadata request metadata
 * @param options concurrency and consistency
 */
public record DeleteRequest(String key, String etag, Map<String, String> metadata, StateOptions options)
        implements
            StateOperation {

    /** A plain delete with no ETag. */
    public static DeleteRequest of(String key) {
        return new DeleteRequest(key, null, Map.of(), StateOptions.DEFAULT);
    }
}
