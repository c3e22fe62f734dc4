package io.quapr.components.state.sqlite;

import static io.quapr.components.state.sqlite.StoreHarness.await;
import static io.quapr.components.state.sqlite.StoreHarness.set;
import static io.quapr.components.state.sqlite.StoreHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quapr.spi.state.KeysLikeStateStore.KeysPage;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** keysLike: case-sensitive patterns, live keys only, rowid paging that survives updates. */
class SqliteKeysLikeTest {

    @RegisterExtension
    final StoreHarness h = new StoreHarness();
    private SqliteStateStore store;

    @BeforeEach
    void open() {
        store = h.open();
        for (String k : List.of("app||Actor||1", "app||actor||1", "app||actor||2", "app||actor||10", "app||a*||1")) {
            set(store, k, "1");
        }
    }

    @Test
    void patternsAreCaseSensitiveAndGlobCharactersLiteral() {
        assertEquals(List.of("app||actor||1", "app||actor||2", "app||actor||10"), keys("app||actor||%", 0));
        assertEquals(List.of("app||Actor||1"), keys("app||Actor||%", 0));
        assertEquals(List.of("app||actor||1", "app||actor||2"), keys("app||actor||_", 0));
        assertEquals(List.of("app||a*||1"), keys("app||a*||%", 0));
    }

    @Test
    void pagesFollowEachOtherAndTheLastHasNoToken() {
        KeysPage p1 = await(store.keysLike("app||%", null, 2));
        KeysPage p2 = await(store.keysLike("app||%", p1.continuationToken(), 2));
        // an update between pages keeps the key's place: the upsert keeps its rowid
        set(store, "app||Actor||1", "2");
        KeysPage p3 = await(store.keysLike("app||%", p2.continuationToken(), 2));
        List<String> all = new ArrayList<>(p1.keys());
        all.addAll(p2.keys());
        all.addAll(p3.keys());
        assertEquals(List.of("app||Actor||1", "app||actor||1", "app||actor||2", "app||actor||10", "app||a*||1"), all);
        assertNull(p3.continuationToken());
        KeysPage exact = await(store.keysLike("app||actor||%", null, 3));
        assertEquals(3, exact.keys().size());
        assertNull(exact.continuationToken(), "nothing follows a page that holds the last match");
    }

    @Test
    void expiredKeysAreNotListed() {
        await(store.set(new SetRequest("app||actor||ttl", utf8("1"), null, Map.of(SetRequest.TTL_IN_SECONDS, "1"),
                StateOptions.DEFAULT)));
        assertEquals(4, keys("app||actor||%", 0).size());
        h.clock.advance(Duration.ofSeconds(1));
        assertEquals(3, keys("app||actor||%", 0).size());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> await(store.keysLike("", null, 0)));
        assertThrows(IllegalArgumentException.class, () -> await(store.keysLike("%", "abc", 0)));
    }

    private List<String> keys(String pattern, int pageSize) {
        return await(store.keysLike(pattern, null, pageSize)).keys();
    }
}
