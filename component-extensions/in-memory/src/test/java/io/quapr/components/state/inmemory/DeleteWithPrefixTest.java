package io.quapr.components.state.inmemory;

import static io.quapr.components.state.inmemory.StoreFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeleteWithPrefixTest {

    @Test
    void aPrefixWithoutTheSeparatorGetsOne() {
        try (StoreFixture f = new StoreFixture()) {
            f.set("app||actor||1||a", "1");
            f.set("app||actor||10||a", "1");
            assertEquals(1L, await(f.store.deleteWithPrefix("app||actor||1")));
            assertFalse(f.get("app||actor||1||a").found());
            assertTrue(f.get("app||actor||10||a").found());
        }
    }

    @Test
    void keysNestedDeeperUnderThePrefixStay() {
        // as Dapr: "p||a||b" belongs to another owner whose id contains "||"
        try (StoreFixture f = new StoreFixture()) {
            f.set("p||a", "1");
            f.set("p||a||b", "1");
            assertEquals(1L, await(f.store.deleteWithPrefix("p||")));
            assertEquals(1, f.store.size());
            assertTrue(f.get("p||a||b").found());
        }
    }

    @Test
    void anEmptyPrefixIsRefused() {
        try (StoreFixture f = new StoreFixture()) {
            f.set("k", "1");
            assertThrows(IllegalArgumentException.class, () -> await(f.store.deleteWithPrefix("")));
            assertThrows(IllegalArgumentException.class, () -> await(f.store.deleteWithPrefix("||")));
            assertTrue(f.get("k").found());
        }
    }
}
