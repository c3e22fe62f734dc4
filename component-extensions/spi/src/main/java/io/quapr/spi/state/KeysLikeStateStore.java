package io.quapr.spi.state;

import io.smallrye.mutiny.Uni;
import java.util.List;

/** A state store that lists keys matching a pattern ({@link StateFeature#KEYS_LIKE}). */
public interface KeysLikeStateStore extends StateStore {

    /**
     * Lists keys matching a SQL {@code LIKE} pattern ({@code %} any run, {@code _} one character).
     *
     * @param pattern the pattern
     * @param continuationToken where the previous page stopped, or {@code null} for the first
     * @param pageSize the most keys to return; {@code 0} for all
     */
    Uni<KeysPage> keysLike(String pattern, String continuationToken, int pageSize);

    /**
     * One page of keys.
     *
     * @param keys the matching keys, in the store's order
     * @param continuationToken the token for the next page, or {@code null} when this is the last
     */
    record KeysPage(List<String> keys, String continuationToken) {
    }
}
