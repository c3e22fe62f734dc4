package io.quapr.components.kafka;

/**
 * Picks the partition for a keyed message the way daprd's Kafka client does: the 32-bit FNV-1a
 * hash of the key bytes, as a signed int, modulo the partition count, negated when negative.
 * The Java client's own partitioner hashes with murmur2 instead, so without this a key published
 * through this sidecar and through daprd would land on different partitions and lose its order.
 */
final class KeyPartitioner {

    private static final int FNV_OFFSET_BASIS = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private KeyPartitioner() {
    }

    /** The partition of {@code key} among {@code partitions} (at least one). */
    static int partition(byte[] key, int partitions) {
        int p = fnv1a(key) % partitions;
        return p < 0 ? -p : p;
    }

    /** FNV-1a, 32 bits. */
    static int fnv1a(byte[] data) {
        int h = FNV_OFFSET_BASIS;
        for (byte b : data) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return h;
    }
}
