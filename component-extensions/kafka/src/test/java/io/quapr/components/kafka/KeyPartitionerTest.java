package io.quapr.components.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** daprd's key partitioning: FNV-1a as a signed int, Go's truncating modulo, then the absolute value. */
class KeyPartitionerTest {

    private static int partition(String key, int partitions) {
        return KeyPartitioner.partition(key.getBytes(StandardCharsets.UTF_8), partitions);
    }

    @Test
    void fnv1aMatchesTheReferenceVectors() {
        assertEquals(0x811c9dc5, KeyPartitioner.fnv1a(new byte[0]));
        assertEquals(0xe40c292c, KeyPartitioner.fnv1a("a".getBytes(StandardCharsets.UTF_8)));
        assertEquals(0xbf9cf968, KeyPartitioner.fnv1a("foobar".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void partitionsAsDaprdsClientPicksThem() {
        // computed independently from Go's semantics (int32(hash) % n, negated when negative)
        assertEquals(2, partition("", 7));
        assertEquals(6, partition("a", 7));
        assertEquals(1, partition("order-1", 3));
        assertEquals(4, partition("order-2", 12));
        assertEquals(6, partition("customer-42", 12));
        assertEquals(8, partition("key-7", 12));
        assertEquals(0, partition("anything", 1));
    }
}
