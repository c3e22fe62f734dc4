package io.quapr.conformance;

import static io.quapr.conformance.StateHarness.newPrefix;
import static io.quapr.conformance.StateHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quapr.spi.state.KeysLikeStateStore;
import io.quapr.spi.state.KeysLikeStateStore.KeysPage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;

/** {@code keysLike} for stores that claim {@code KEYS_LIKE}: SQL LIKE patterns and paging. */
final class StateKeysLikeCases {

    /** More pages than this means the continuation token never ends. */
    private static final int MAX_PAGES = 100;

    private StateKeysLikeCases() {
    }

    static DynamicContainer cases(StateHarness h) {
        KeysLikeStateStore store = (KeysLikeStateStore) h.store();
        return dynamicContainer("keys like", Stream.of(
                dynamicTest("% matches any run; pages of 2 cover every match once", () -> {
                    String p = writeKeys(h);
                    List<String> all = allPages(store, p + "k%", 2);
                    assertEquals(Set.of(p + "k1", p + "k2", p + "k3", p + "k4", p + "k10"), new HashSet<>(all));
                    assertEquals(5, all.size(), "a key came back twice: " + all);
                }),
                dynamicTest("_ matches exactly one character", () -> {
                    String p = writeKeys(h);
                    assertEquals(Set.of(p + "k1", p + "k2", p + "k3", p + "k4"),
                            new HashSet<>(allPages(store, p + "k_", 0)));
                }),
                dynamicTest("page size 0 returns every match in one page", () -> {
                    String p = writeKeys(h);
                    KeysPage page = Ops.await(store.keysLike(p + "%", null, 0));
                    assertEquals(6, page.keys().size(), "keys: " + page.keys());
                    assertNull(page.continuationToken(), "an unpaged answer has no continuation");
                }),
                dynamicTest("a pattern nothing matches returns no keys", () -> {
                    KeysPage page = Ops.await(store.keysLike(newPrefix() + "%", null, 10));
                    assertTrue(page.keys().isEmpty(), "keys: " + page.keys());
                    assertNull(page.continuationToken());
                })));
    }

    /** Writes k1..k4, k10 and x1 under a new prefix; returns the prefix. */
    private static String writeKeys(StateHarness h) {
        String p = newPrefix();
        for (String k : List.of("k1", "k2", "k3", "k4", "k10", "x1")) {
            h.set(p + k, utf8("\"" + k + "\""));
        }
        return p;
    }

    private static List<String> allPages(KeysLikeStateStore store, String pattern, int pageSize) {
        List<String> keys = new ArrayList<>();
        String token = null;
        for (int i = 0; i < MAX_PAGES; i++) {
            KeysPage page = Ops.await(store.keysLike(pattern, token, pageSize));
            if (pageSize > 0) {
                assertTrue(page.keys().size() <= pageSize, "a page of " + page.keys().size() + " keys");
            }
            keys.addAll(page.keys());
            token = page.continuationToken();
            if (token == null || token.isEmpty()) {
                return keys;
            }
        }
        return fail("keysLike(" + pattern + ") still had pages after " + MAX_PAGES);
    }
}
