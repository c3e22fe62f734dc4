package io.quapr.components.state.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Slots as {@code CLUSTER KEYSLOT} reports them (values taken from Redis 7.0). */
class HashSlotTest {

    @Test
    void slotsMatchRedis() {
        assertEquals(12182, HashSlot.of("foo"));
        assertEquals(13694, HashSlot.of("a{}b"), "an empty tag hashes the whole key");
        assertEquals(9441, HashSlot.of("ünï"), "the key's UTF-8 bytes are hashed");
    }

    @Test
    void aHashTagDecides() {
        assertEquals(8106, HashSlot.of("app||{user1}.a"));
        assertEquals(HashSlot.of("user1"), HashSlot.of("other||{user1}.b"));
    }
}
