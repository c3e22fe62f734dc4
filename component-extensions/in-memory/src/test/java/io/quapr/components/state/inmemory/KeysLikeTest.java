package io.quapr.components.state.inmemory;

import static io.quapr.components.state.inmemory.StoreFixture.await;
import static io.quapr.components.state.inmemory.StoreFixture.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quapr.spi.state.KeysLikeStateStore.KeysPage;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeysLikeTest {

    @Test
    void pagesRunInKeyOrderAndTheTokenIsTheLastKey() {
        try (StoreFixture f = new StoreFixture()) {
            for (String k : List.of("r||c", "r||a", "r||d", "r||b", "s||a")) {
                f.set(k, "1");
            }
            KeysPage first = await(f.store.keysLike("r||%", null, 3));
            assertEquals(new KeysPage(List.of("r||a", "r||b", "r||c"), "r||c"), first);
            f.set("r||bb", "1"); // sorts before the token: a later page never repeats or shows it
            KeysPage second = await(f.store.keysLike("r||%", first.continuationToken(), 3));
            assertEquals(new KeysPage(List.of("r||d"), null), second);
        }
    }

    @Test
    void expiredKeysAreNotListed() {
        try (StoreFixture f = new StoreFixture()) {
            f.set("k||live", "1");
            await(f.store.set(new SetRequest("k||gone", utf8("1"), null, Map.of(SetRequest.TTL_IN_SECONDS, "1"),
                    StateOptions.DEFAULT)));
            f.clock.advance(Duration.ofSeconds(2));
            KeysPage page = await(f.store.keysLike("k||%", null, 0));
            assertEquals(List.of("k||live"), page.keys());
            assertNull(page.continuationToken());
        }
    }

    @Test
    void anEmptyPatternIsRefused() {
        try (StoreFixture f = new StoreFixture()) {
            assertThrows(IllegalArgumentException.class, () -> await(f.store.keysLike("", null, 0)));
        }
    }
}
