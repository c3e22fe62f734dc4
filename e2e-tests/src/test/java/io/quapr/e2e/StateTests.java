package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprPreviewClient;
import io.dapr.client.domain.ComponentMetadata;
import io.dapr.client.domain.DaprMetadata;
import io.dapr.client.domain.QueryStateItem;
import io.dapr.client.domain.State;
import io.dapr.client.domain.StateOptions;
import io.dapr.client.domain.TransactionalStateOperation;
import io.dapr.client.domain.TransactionalStateOperation.OperationType;
import io.dapr.exceptions.DaprException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Mono;

/**
 * "Swapping the state store is a YAML edit": these tests, through the official Dapr SDKs, run
 * unchanged against each state store folder of {@link TestStore}, one small subclass per store
 * ({@code InMemoryStateIT}, {@code RedisStateIT}, ...; separate classes so that each store's
 * results, skips included, stand on their own in the Failsafe report). One packaged sidecar per
 * store, started before that store's tests and stopped after them. The Java SDK talks gRPC; the
 * JavaScript SDK ({@code js/test/state.test.mjs}) runs over HTTP and gRPC against the same sidecar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StateTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** First-write concurrency, as the SDK names it. */
    private static final StateOptions FIRST_WRITE = new StateOptions(StateOptions.Consistency.STRONG,
            StateOptions.Concurrency.FIRST_WRITE);

    private final TestStore store;
    private Sidecar sidecar;
    private DaprClient dapr;

    StateTests(TestStore store) {
        this.store = store;
    }

    @BeforeAll
    void startSidecar() {
        store.prepare();
        sidecar = Sidecar.start("state-" + store.id(), "e2e-" + store.id(), List.of(), List.of(store.resources()));
        dapr = sidecar.javaClient();
    }

    @AfterAll
    void stopSidecar() throws Exception {
        try {
            if (dapr != null) {
                dapr.close();
            }
        } finally {
            if (sidecar != null) {
                sidecar.close();
            }
        }
    }

    @Test
    void metadataListsTheStoreWithItsCapabilities() {
        DaprMetadata metadata = block(dapr.getMetadata());
        assertEquals("e2e-" + store.id(), metadata.getId());
        ComponentMetadata component = metadata.getComponents().stream()
                .filter(c -> c.getName().equals(TestStore.NAME)).findFirst()
                .orElseThrow(() -> new AssertionError("no component " + TestStore.NAME + " in the metadata"));
        assertEquals(store.type(), component.getType());
        assertEquals("v1", component.getVersion());
        List<String> caps = component.getCapabilities();
        for (String expected : List.of("ETAG", "TRANSACTIONAL", "TTL", "ACTOR")) {
            assertTrue(caps.contains(expected), expected + " missing from " + caps);
        }
        assertEquals(store.queryable(), caps.contains("QUERY_API"), "QUERY_API in " + caps);
    }

    @Test
    void stringRoundTrips() {
        block(dapr.saveState(TestStore.NAME, key("str"), "hello, quapr"));
        State<String> state = block(dapr.getState(TestStore.NAME, key("str"), String.class));
        assertEquals("hello, quapr", state.getValue());
        assertNotNull(state.getEtag(), "a saved key has an etag");
    }

    @Test
    void jsonObjectRoundTrips() {
        Map<String, Object> order = Map.of("id", 42, "items", List.of("a", "b"), "paid", true, "total", 9.5);
        block(dapr.saveState(TestStore.NAME, key("obj"), order));
        assertEquals(order, block(dapr.getState(TestStore.NAME, key("obj"), Map.class)).getValue());
    }

    @Test
    void bytesRoundTripUnchanged() {
        // not JSON, not UTF-8: the SDK sends byte[] as is, and the store must keep it exactly
        byte[] bytes = { 0, 1, 2, (byte) 0xff, (byte) 0xfe, '"', '{', 0x7f, (byte) 0x80 };
        block(dapr.saveState(TestStore.NAME, key("bytes"), bytes));
        assertArrayEquals(bytes, block(dapr.getState(TestStore.NAME, key("bytes"), byte[].class)).getValue());
    }

    @Test
    void missingKeyHasNoValueAndNoEtag() {
        State<String> state = block(dapr.getState(TestStore.NAME, key("never-saved"), String.class));
        assertNull(state.getValue());
        assertNull(state.getEtag());
    }

    @Test
    void bulkGetReturnsEveryKeyAskedFor() {
        block(dapr.saveBulkState(TestStore.NAME,
                List.of(new State<>(key("bulk-1"), "one", null, null), new State<>(key("bulk-2"), "two", null, null))));
        List<State<String>> items = block(dapr.getBulkState(TestStore.NAME,
                List.of(key("bulk-1"), key("bulk-2"), key("bulk-missing")), String.class));
        Map<String, State<String>> byKey = items.stream().collect(Collectors.toMap(State::getKey, Function.identity()));
        assertEquals(3, byKey.size(), "one item per key: " + items);
        assertEquals("one", byKey.get(key("bulk-1")).getValue());
        assertEquals("two", byKey.get(key("bulk-2")).getValue());
        assertNotNull(byKey.get(key("bulk-1")).getEtag());
        assertNull(byKey.get(key("bulk-missing")).getValue());
        assertNull(byKey.get(key("bulk-missing")).getError());
    }

    @Test
    void deleteRemovesTheKeyAndDeletingAMissingKeySucceeds() {
        block(dapr.saveState(TestStore.NAME, key("del"), "bye"));
        block(dapr.deleteState(TestStore.NAME, key("del")));
        assertNull(block(dapr.getState(TestStore.NAME, key("del"), String.class)).getValue());
        block(dapr.deleteState(TestStore.NAME, key("del")));
    }

    @Test
    void saveWithTheCurrentEtagSucceedsAndAStaleEtagIsAborted() {
        block(dapr.saveState(TestStore.NAME, key("etag"), "v1"));
        String first = block(dapr.getState(TestStore.NAME, key("etag"), String.class)).getEtag();
        assertNotNull(first);
        block(dapr.saveState(TestStore.NAME, key("etag"), first, "v2", null));
        String second = block(dapr.getState(TestStore.NAME, key("etag"), String.class)).getEtag();
        assertNotEquals(first, second, "a write gives a new etag");

        DaprException stale = failure(dapr.saveState(TestStore.NAME, key("etag"), first, "v3", null));
        assertEquals("ABORTED", stale.getErrorCode(), stale.getMessage());
        assertEquals("v2", block(dapr.getState(TestStore.NAME, key("etag"), String.class)).getValue());
    }

    @Test
    void deleteWithAStaleEtagIsAbortedAndWithTheCurrentOneDeletes() {
        block(dapr.saveState(TestStore.NAME, key("etag-del"), "v1"));
        String first = block(dapr.getState(TestStore.NAME, key("etag-del"), String.class)).getEtag();
        block(dapr.saveState(TestStore.NAME, key("etag-del"), "v2"));
        String current = block(dapr.getState(TestStore.NAME, key("etag-del"), String.class)).getEtag();

        DaprException stale = failure(dapr.deleteState(TestStore.NAME, key("etag-del"), first, null));
        assertEquals("ABORTED", stale.getErrorCode(), stale.getMessage());
        assertEquals("v2", block(dapr.getState(TestStore.NAME, key("etag-del"), String.class)).getValue());

        block(dapr.deleteState(TestStore.NAME, key("etag-del"), current, null));
        assertNull(block(dapr.getState(TestStore.NAME, key("etag-del"), String.class)).getValue());
    }

    @Test
    void firstWriteWinsAndASecondWriteWithoutEtagIsAborted() {
        block(dapr.saveState(TestStore.NAME, key("fw"), null, "first", FIRST_WRITE));
        DaprException second = failure(dapr.saveState(TestStore.NAME, key("fw"), null, "second", FIRST_WRITE));
        assertEquals("ABORTED", second.getErrorCode(), second.getMessage());
        assertEquals("first", block(dapr.getState(TestStore.NAME, key("fw"), String.class)).getValue());
    }

    @Test
    void transactionAppliesUpsertsAndDeletesTogether() {
        block(dapr.saveState(TestStore.NAME, key("tx-gone"), "old"));
        block(dapr.executeStateTransaction(TestStore.NAME, List.of(
                new TransactionalStateOperation<>(OperationType.UPSERT,
                        new State<>(key("tx-new"), "created", null, null)),
                new TransactionalStateOperation<>(OperationType.DELETE, new State<>(key("tx-gone"))))));
        assertEquals("created", block(dapr.getState(TestStore.NAME, key("tx-new"), String.class)).getValue());
        assertNull(block(dapr.getState(TestStore.NAME, key("tx-gone"), String.class)).getValue());
    }

    @Test
    void failingTransactionLeavesTheStateAsItWas() {
        block(dapr.saveState(TestStore.NAME, key("tx-kept"), "v1"));
        String stale = block(dapr.getState(TestStore.NAME, key("tx-kept"), String.class)).getEtag();
        block(dapr.saveState(TestStore.NAME, key("tx-kept"), "v2"));

        DaprException failed = failure(dapr.executeStateTransaction(TestStore.NAME, List.of(
                new TransactionalStateOperation<>(OperationType.UPSERT,
                        new State<>(key("tx-never"), "must not appear", null, null)),
                new TransactionalStateOperation<>(OperationType.UPSERT,
                        new State<>(key("tx-kept"), "v3", stale, null)))));
        assertEquals("INTERNAL", failed.getErrorCode(), failed.getMessage());
        assertEquals("v2", block(dapr.getState(TestStore.NAME, key("tx-kept"), String.class)).getValue());
        assertNull(block(dapr.getState(TestStore.NAME, key("tx-never"), String.class)).getValue());
    }

    @Test
    @SuppressWarnings("rawtypes")
    void queryFindsJsonValuesByFieldWhereTheStoreHasAQueryApi() throws Exception {
        String kind = "java-" + E2e.RUN;
        String query = "{\"filter\":{\"EQ\":{\"kind\":\"" + kind + "\"}},\"sort\":[{\"key\":\"n\",\"order\":\"ASC\"}],"
                + "\"page\":{\"limit\":10}}";
        try (DaprPreviewClient preview = sidecar.javaPreviewClient()) {
            if (!store.queryable()) {
                DaprException refused = failure(preview.queryState(TestStore.NAME, query, Map.class));
                assertEquals("INTERNAL", refused.getErrorCode(), refused.getMessage());
                assertTrue(refused.getMessage().contains("does not support querying"), refused.getMessage());
                return;
            }
            // over gRPC a value is JSON to the store only when its contentType says so (as in daprd)
            Map<String, String> json = Map.of("contentType", "application/json");
            block(dapr.saveBulkState(TestStore.NAME, List.of(
                    new State<>(key("q-1"), Map.of("kind", kind, "n", 1), null, json, null),
                    new State<>(key("q-2"), Map.of("kind", kind, "n", 2), null, json, null),
                    new State<>(key("q-other"), Map.of("kind", kind + "-other", "n", 3), null, json, null))));
            List<QueryStateItem<Map>> results = block(preview.queryState(TestStore.NAME, query, Map.class))
                    .getResults();
            assertEquals(List.of(Map.of("kind", kind, "n", 1), Map.of("kind", kind, "n", 2)),
                    results.stream().map(QueryStateItem::getValue).toList());
            assertEquals(List.of(key("q-1"), key("q-2")), results.stream().map(QueryStateItem::getKey).toList());
        }
    }

    /** The JavaScript SDK's state tests against this same sidecar, and values crossing SDKs. */
    @Test
    @SuppressWarnings("unchecked")
    void javascriptSdk() {
        Map<String, Object> fromJava = Map.of("from", "java", "n", 1);
        block(dapr.saveState(TestStore.NAME, key("for-js"), fromJava));
        String jsKey = "js-wrote-" + E2e.RUN;

        JsSdk.run("state-" + store.id(), "state.test.mjs", sidecar, Map.of(
                "STATE_STORE", TestStore.NAME,
                "STATE_STORE_TYPE", store.type(),
                "E2E_RUN", E2e.RUN,
                "STATE_QUERYABLE", Boolean.toString(store.queryable()),
                "JAVA_WROTE_KEY", key("for-js"),
                "JAVA_WROTE_JSON", "{\"from\":\"java\",\"n\":1}",
                "JS_WRITES_KEY", jsKey));

        for (String protocol : JsSdk.protocols()) {
            Map<String, Object> fromJs = block(dapr.getState(TestStore.NAME, jsKey + "-" + protocol, Map.class))
                    .getValue();
            assertEquals(Map.of("from", "js", "protocol", protocol), fromJs);
        }
    }

    private static String key(String name) {
        return "java-" + E2e.RUN + "-" + name;
    }

    private static <T> T block(Mono<T> call) {
        return call.block(TIMEOUT);
    }

    private static DaprException failure(Mono<?> call) {
        return assertThrows(DaprException.class, () -> call.block(TIMEOUT));
    }
}
