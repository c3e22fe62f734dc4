package io.quapr.components.state.inmemory;

import static io.quapr.components.state.inmemory.StoreFixture.await;
import static io.quapr.components.state.inmemory.StoreFixture.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweeperTest {

    private static SetRequest withTtl(String key, long seconds) {
        return new SetRequest(key, utf8("v"), null, Map.of(SetRequest.TTL_IN_SECONDS, Long.toString(seconds)),
                StateOptions.DEFAULT);
    }

    @Test
    void sweepRemovesOnlyKeysWhoseTimeHasPassed() {
        try (StoreFixture f = new StoreFixture()) {
            await(f.store.set(withTtl("short", 1)));
            await(f.store.set(withTtl("long", 10)));
            f.set("forever", "v");
            f.store.sweep();
            assertEquals(3, f.store.size());
            f.clock.advance(Duration.ofSeconds(2));
            f.store.sweep();
            assertEquals(2, f.store.size());
            assertFalse(f.get("short").found());
            assertTrue(f.get("long").found());
            f.clock.advance(Duration.ofSeconds(60));
            f.store.sweep();
            assertEquals(1, f.store.size());
            assertTrue(f.get("forever").found());
        }
    }

    @Test
    void anExpiredKeyIsInvisibleBeforeItIsSwept() {
        try (StoreFixture f = new StoreFixture(Duration.ofHours(1))) {
            await(f.store.set(withTtl("k", 1)));
            f.clock.advance(Duration.ofSeconds(1));
            assertTrue(f.get("k").found(), "at its expiry instant the key still exists, as in Dapr");
            f.clock.advance(Duration.ofMillis(1));
            assertEquals(1, f.store.size(), "not swept yet");
            assertFalse(f.get("k").found());
        }
    }

    @Test
    void theTimerSweepsWithoutBeingAsked() throws InterruptedException {
        try (StoreFixture f = new StoreFixture(Duration.ofMillis(20))) {
            await(f.store.set(withTtl("k", 1)));
            f.clock.advance(Duration.ofSeconds(5));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (f.store.size() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, f.store.size(), "the periodic sweep did not remove the expired key");
        }
    }

    @Test
    void sweepingNeverDropsANewerWrite() {
        try (StoreFixture f = new StoreFixture(Duration.ofHours(1))) {
            await(f.store.set(withTtl("k", 1)));
            f.clock.advance(Duration.ofSeconds(2));
            f.set("k", "new");
            f.store.sweep();
            assertTrue(f.get("k").found());
        }
    }
}
