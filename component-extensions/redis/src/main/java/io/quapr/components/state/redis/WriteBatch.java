package io.quapr.components.state.redis;

import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagInvalidException;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOperation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets and deletes turned into the keys and arguments of {@link StateScripts#WRITE}, checked
 * before anything is sent: a malformed ETag or TTL fails the whole batch here, so the script
 * only ever sees well-formed versions.
 */
final class WriteBatch {

    private static final byte[] SET = bytes("set");
    private static final byte[] DEL = bytes("del");
    private static final byte[] NONE = new byte[0];
    private static final byte[] YES = bytes("1");
    private static final byte[] NO = bytes("0");

    private final List<String> keys = new ArrayList<>();
    private final List<byte[]> args = new ArrayList<>();
    private boolean strong;

    /**
     * Builds the batch.
     *
     * @param operations the writes in order
     * @param defaultTtlSeconds the component's {@code ttlInSeconds}, for sets that give none; or
     *        {@code null}
     * @throws ETagInvalidException when an ETag is not a whole number (versions always are)
     * @throws io.quapr.spi.state.InvalidTtlException when a {@code ttlInSeconds} is not one
     */
    static WriteBatch of(List<? extends StateOperation> operations, Long defaultTtlSeconds) {
        WriteBatch batch = new WriteBatch();
        for (StateOperation op : operations) {
            batch.keys.add(op.key());
            batch.strong |= op.options().consistency() == Consistency.STRONG;
            if (op instanceof SetRequest set) {
                long ttl = set.ttlSeconds().orElse(defaultTtlSeconds == null ? 0L : defaultTtlSeconds);
                batch.add(SET, expectedVersion(set.etag()), set.options().firstWrite() ? YES : NO,
                        bytes(Long.toString(ttl)), set.value() == null ? NONE : set.value());
            } else if (op instanceof DeleteRequest delete) {
                batch.add(DEL, expectedVersion(delete.etag()), NO, NO, NONE);
            }
        }
        return batch;
    }

    private void add(byte[] kind, byte[] expected, byte[] firstWrite, byte[] ttl, byte[] data) {
        args.add(kind);
        args.add(expected);
        args.add(firstWrite);
        args.add(ttl);
        args.add(data);
    }

    /**
     * The version an ETag stands for, in the canonical form the hash holds ({@code "007"} is
     * version 7, as daprd reads it); empty for no ETag.
     */
    static byte[] expectedVersion(String etag) {
        if (etag == null || etag.isEmpty()) {
            return NONE;
        }
        try {
            return bytes(Long.toString(Long.parseLong(etag)));
        } catch (NumberFormatException e) {
            throw new ETagInvalidException(etag);
        }
    }

    /** The key of each operation, in order: the script's KEYS. */
    List<String> keys() {
        return keys;
    }

    /** The script's ARGV. */
    List<byte[]> args() {
        return args;
    }

    /** Whether any operation asked for strong consistency (wait for replicas). */
    boolean strong() {
        return strong;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
