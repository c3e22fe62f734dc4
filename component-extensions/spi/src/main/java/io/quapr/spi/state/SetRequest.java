package io.quapr.spi.state;

import java.util.Map;
import java.util.Optional;

/**
 * Write one key.
 *
 * @param key the key as stored (prefix applied)
 * @param value the bytes to store, kept exactly (the HTTP API passes the JSON text of the value,
 *        gRPC the raw bytes)
 * @param etag the ETag the stored version must carry, or {@code null}
 * @param metadata request metadata; {@code ttlInSeconds} and {@code contentType} are the ones
 *        stores act on
 * @param options concurrency and consistency
 */
public record SetRequest(String key, byte[] value, String etag, Map<String, String> metadata, StateOptions options)
        implements
            StateOperation {

    /** Request metadata key: seconds until the key expires; {@code -1} means never. */
    public static final String TTL_IN_SECONDS = "ttlInSeconds";

    /** Request metadata key: the value's content type, kept with it by stores that can. */
    public static final String CONTENT_TYPE = "contentType";

    /** A plain last-write-wins write with no metadata. */
    public static SetRequest of(String key, byte[] value) {
        return new SetRequest(key, value, null, Map.of(), StateOptions.DEFAULT);
    }

    /**
     * The TTL this request asks for: empty when none is set; {@code -1} means "no expiry, even if
     * the store has a default TTL".
     *
     * @throws InvalidTtlException when the value is not a whole number
     */
    public Optional<Long> ttlSeconds() {
        String v = metadata.get(TTL_IN_SECONDS);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            throw new InvalidTtlException(v);
        }
    }
}
