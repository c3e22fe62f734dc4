package io.quapr.components.state.redis;

import static io.quapr.components.state.redis.RedisFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quapr.spi.state.KeysLikeStateStore.KeysPage;
import io.quapr.spi.state.SetRequest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keys listed by a LIKE pattern, sorted, paged by offset as daprd pages them. */
class KeysLikeTest {

    @RegisterExtension
    final RedisFixture redis = new RedisFixture();
    private RedisStateStore store;

    @BeforeEach
    void open() {
        store = redis.store();
        for (String k : List.of("r||b", "r||a", "r||c", "r_x", "rzx", "other")) {
            await(store.set(SetRequest.of(redis.key(k), new byte[] { 1 })));
        }
    }

    @Test
    void allMatchingKeysSorted() {
        KeysPage page = await(store.keysLike(redis.prefix + "r||%", null, 0));
        assertEquals(List.of(redis.key("r||a"), redis.key("r||b"), redis.key("r||c")), page.keys());
        assertNull(page.continuationToken());
    }

    @Test
    void pagesFollowTheToken() {
        KeysPage first = await(store.keysLike(redis.prefix + "r||%", null, 2));
        assertEquals(List.of(redis.key("r||a"), redis.key("r||b")), first.keys());
        assertEquals("2", first.continuationToken());

        KeysPage second = await(store.keysLike(redis.prefix + "r||%", first.continuationToken(), 2));
        assertEquals(List.of(redis.key("r||c")), second.keys());
        assertNull(second.continuationToken());
    }

    @Test
    void underscoreIsOneCharacterAndAnEscapedOneIsLiteral() {
        assertEquals(List.of(redis.key("r_x"), redis.key("rzx")),
                await(store.keysLike(redis.prefix + "r_x", null, 0)).keys());
        assertEquals(List.of(redis.key("r_x")), await(store.keysLike(redis.prefix + "r\\_x", null, 0)).keys());
    }

    @Test
    void anEmptyPatternIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> await(store.keysLike("", null, 0)));
    }
}
