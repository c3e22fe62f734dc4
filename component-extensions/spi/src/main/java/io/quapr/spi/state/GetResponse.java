package io.quapr.spi.state;

import java.util.Map;

/**
 * The result of a read.
 *
 * @param data the stored bytes, exactly as written; {@code null} when the key does not exist
 * @param etag the ETag of the stored version, or {@code null} for stores without {@code ETAG}
 * @param metadata response metadata ({@code ttlExpireTime} as RFC 3339 for stores with TTL)
 * @param contentType the content type recorded with the value, or {@code null}
 */
public record GetResponse(byte[] data, String etag, Map<String, String> metadata, String contentType) {

    /** The answer for a key that does not exist. */
    public static final GetResponse MISSING = new GetResponse(null, null, Map.of(), null);

    /** Response metadata key for the expiry time of a key with a TTL (RFC 3339, UTC). */
    public static final String TTL_EXPIRE_TIME = "ttlExpireTime";

    /** Whether the key exists. */
    public boolean found() {
        return data != null;
    }
}
