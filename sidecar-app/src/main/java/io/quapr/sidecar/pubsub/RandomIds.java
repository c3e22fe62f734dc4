package io.quapr.sidecar.pubsub;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The random identifiers pub/sub puts on every event: event ids (version 4 UUIDs, as daprd's)
 * and new W3C trace contexts. They must be unique, not unguessable, so they come from the
 * thread's own generator: {@code UUID.randomUUID()} draws from the shared {@code SecureRandom}
 * under a lock, which cost more than the rest of a publish's envelope.
 */
public final class RandomIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RandomIds() {
    }

    /** A new version 4 (random) UUID in its text form. */
    public static String uuid() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long high = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (r.nextLong() & ~(3L << 62)) | (1L << 63); // IETF variant
        return new UUID(high, low).toString();
    }

    /** A new W3C {@code traceparent}: version 00, random trace and parent ids, not sampled. */
    public static String traceparent() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] out = new char[55];
        out[0] = '0';
        out[1] = '0';
        out[2] = '-';
        hex(r.nextLong(), out, 3);
        hex(r.nextLong() | 1, out, 19); // an all-zero id is invalid
        out[35] = '-';
        hex(r.nextLong() | 1, out, 36);
        out[52] = '-';
        out[53] = '0';
        out[54] = '0';
        return new String(out);
    }

    /** Writes the 16 lower-case hex digits of {@code v} at {@code at}. */
    private static void hex(long v, char[] out, int at) {
        for (int i = 15; i >= 0; i--) {
            out[at + i] = HEX[(int) (v & 0xF)];
            v >>>= 4;
        }
    }
}
