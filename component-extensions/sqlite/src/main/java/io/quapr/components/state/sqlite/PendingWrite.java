package io.quapr.components.state.sqlite;

import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOperation;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One set or delete, checked and encoded before it queues for the writer: the key and TTL are
 * validated and a value's JSON check and base64 encoding done on the caller's worker thread, not
 * while every other write waits.
 *
 * @param key the key
 * @param value the encoded value; {@code null} for a delete
 * @param expectedETag the ETag the stored row must carry, or {@code null}
 * @param firstWrite whether a set without ETag may only create the key
 * @param newETag the ETag a set gives the row (daprd: a random UUID per write)
 * @param expires the stored expiry of a set, or {@code null} for none
 * @param now the clock's time, stored as {@code update_time} and compared with expiries
 */
record PendingWrite(String key, StoredValue value, String expectedETag, boolean firstWrite, String newETag,
        String expires, String now) {

    /**
     * Checks and encodes an operation.
     *
     * @throws IllegalArgumentException for an empty key or a TTL daprd refuses
     */
    static PendingWrite of(StateOperation op, Instant now) {
        if (op.key() == null || op.key().isEmpty()) {
            throw new IllegalArgumentException("missing key in " + (op instanceof SetRequest ? "set" : "delete")
                    + " operation");
        }
        String etag = op.etag() == null || op.etag().isEmpty() ? null : op.etag();
        String nowText = SqliteTime.stored(now);
        if (op instanceof DeleteRequest) {
            return new PendingWrite(op.key(), null, etag, false, null, null, nowText);
        }
        SetRequest set = (SetRequest) op;
        Instant expires = expiration(set, now);
        return new PendingWrite(set.key(), StoredValue.encode(set.value() == null ? new byte[0] : set.value()), etag,
                set.options() != null && set.options().firstWrite(), UUID.randomUUID().toString(),
                expires == null ? null : SqliteTime.stored(expires), nowText);
    }

    /** Whether this is a set (else a delete). */
    boolean isSet() {
        return value != null;
    }

    /**
     * The expiry a write asks for: {@code ttlInSeconds > 0} from now; {@code 0}, {@code -1} or
     * none clears it (daprd's SQLite store has no default TTL).
     */
    static Instant expiration(SetRequest r, Instant now) {
        Optional<Long> ttl = r.ttlSeconds();
        if (ttl.isEmpty()) {
            return null;
        }
        long seconds = ttl.get();
        if (seconds < -1 || seconds > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("incorrect value for metadata '" + SetRequest.TTL_IN_SECONDS
                    + "': must be -1 or greater");
        }
        return seconds > 0 ? now.plusSeconds(seconds) : null;
    }
}
