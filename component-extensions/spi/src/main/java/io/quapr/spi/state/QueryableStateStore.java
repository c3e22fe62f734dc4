package io.quapr.spi.state;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;

/** A state store that answers Dapr's alpha query language ({@link StateFeature#QUERY_API}). */
public interface QueryableStateStore extends StateStore {

    /**
     * Runs a query: {@code filter} (EQ, NEQ, GT, GTE, LT, LTE, IN, AND, OR), {@code sort},
     * {@code page {limit, token}} over JSON values.
     *
     * @param query the query document exactly as the client sent it (JSON text)
     * @param metadata request metadata ({@code contentType}, {@code queryIndexName}, ...)
     * @throws IllegalArgumentException (as a failed {@code Uni}) for a query that does not parse
     */
    Uni<QueryResponse> query(String query, Map<String, String> metadata);

    /**
     * The answer to a query.
     *
     * @param results matching items, in the requested order
     * @param token the token for the next page, or {@code null}
     * @param metadata response metadata
     */
    record QueryResponse(List<QueryItem> results, String token, Map<String, String> metadata) {
    }

    /**
     * One match.
     *
     * @param key the key as stored (prefix still applied: the sidecar strips it)
     * @param data the stored value
     * @param etag its ETag, or {@code null}
     * @param error a per-item error, or {@code null}
     * @param contentType the value's content type, or {@code null}
     */
    record QueryItem(String key, byte[] data, String etag, String error, String contentType) {
    }
}
