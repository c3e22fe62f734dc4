package io.quapr.conformance;

import static io.quapr.conformance.StateHarness.newPrefix;
import static io.quapr.conformance.StateHarness.setRequest;
import static io.quapr.conformance.StateHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quapr.spi.state.Concurrency;
import io.quapr.spi.state.QueryableStateStore;
import io.quapr.spi.state.QueryableStateStore.QueryItem;
import io.quapr.spi.state.QueryableStateStore.QueryResponse;
import io.quapr.spi.state.SetRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;

/**
 * The alpha query API for stores that claim {@code QUERY_API}. Queries filter on a field value
 * unique to the case, so values left by earlier runs never match.
 */
final class StateQueryCases {

    private static final Map<String, String> JSON = Map.of(SetRequest.CONTENT_TYPE, "application/json");

    private StateQueryCases() {
    }

    static DynamicContainer cases(StateHarness h) {
        QueryableStateStore store = (QueryableStateStore) h.store();
        return dynamicContainer("query", Stream.of(
                dynamicTest("EQ filter, sort DESC, pages of 2 with a token", () -> {
                    String p = newPrefix();
                    String tag = "tag-" + UUID.randomUUID();
                    for (int n = 1; n <= 4; n++) {
                        h.set(json(p + "item" + n,
                                "{\"tag\":\"" + tag + "\",\"n\":" + n + ",\"name\":\"item" + n + "\"}"));
                    }
                    h.set(json(p + "other", "{\"tag\":\"other-" + tag + "\",\"n\":9}"));
                    String base = "\"filter\":{\"EQ\":{\"tag\":\"" + tag
                            + "\"}},\"sort\":[{\"key\":\"n\",\"order\":\"DESC\"}]";
                    QueryResponse first = Ops.await(store.query("{" + base + ",\"page\":{\"limit\":2}}", JSON));
                    assertEquals(List.of(p + "item4", p + "item3"), keys(first), "first page");
                    assertNotNull(first.token(), "a full first page must carry a token");
                    List<String> rest = new ArrayList<>();
                    String token = first.token();
                    for (int i = 0; token != null && !token.isEmpty(); i++) {
                        if (i > 5) {
                            fail("the query kept returning tokens");
                        }
                        QueryResponse next = Ops.await(store.query(
                                "{" + base + ",\"page\":{\"limit\":2,\"token\":\"" + token + "\"}}", JSON));
                        rest.addAll(keys(next));
                        token = next.results().isEmpty() ? null : next.token();
                    }
                    assertEquals(List.of(p + "item2", p + "item1"), rest, "following pages");
                }),
                dynamicTest("a filter nothing matches returns no results", () -> {
                    QueryResponse r = Ops.await(store.query(
                            "{\"filter\":{\"EQ\":{\"tag\":\"none-" + UUID.randomUUID() + "\"}}}", JSON));
                    assertTrue(r.results().isEmpty(), "results: " + keys(r));
                }),
                dynamicTest("a query that does not parse is refused", () -> Ops.failsWith(
                        store.query("{\"filter\":", JSON), "a malformed query", IllegalArgumentException.class))));
    }

    private static SetRequest json(String key, String value) {
        return setRequest(key, utf8(value), null, JSON, Concurrency.UNSPECIFIED);
    }

    private static List<String> keys(QueryResponse r) {
        List<String> keys = new ArrayList<>();
        for (QueryItem item : r.results()) {
            keys.add(item.key());
        }
        return keys;
    }
}
