package io.quapr.components.state.inmemory;

import java.time.Instant;

/**
 * One key's value as the in-memory store keeps it. Immutable: a write replaces the whole record,
 * so a reader never sees half of one.
 *
 * @param data the bytes, owned by the store (copied on the way in and out)
 * @param version the write's number, unique across the store: its ETag
 * @param expiresAt when the key stops existing, or {@code null} for never
 * @param contentType the content type the write declared, or {@code null}
 */
record StoredValue(byte[] data, long version, Instant expiresAt, String contentType) {

    /** Whether the key has expired at {@code now} (strictly after its expiry, as Dapr has it). */
    boolean expiredAt(Instant now) {
        return expiresAt != null && now.isAfter(expiresAt);
    }

    /** The value if it still exists at {@code now}, else {@code null}. */
    static StoredValue live(StoredValue value, Instant now) {
        return value == null || value.expiredAt(now) ? null : value;
    }
}
