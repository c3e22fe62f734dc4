package io.quapr.conformance;

import static io.quapr.conformance.StateHarness.newPrefix;
import static io.quapr.conformance.StateHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quapr.spi.state.BulkGetItem;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateFeature;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;

/** bulkGet, bulkSet and bulkDelete: several keys in one call, errors reported per key. */
final class StateBulkCases {

    private StateBulkCases() {
    }

    static DynamicContainer cases(StateHarness h) {
        return dynamicContainer("bulk", Stream.of(
                dynamicTest("bulkSet writes every key; bulkGet reads them and reports the missing one", () -> {
                    String p = newPrefix();
                    Ops.await(h.store().bulkSet(List.of(
                            SetRequest.of(p + "1", utf8("\"one\"")),
                            SetRequest.of(p + "2", utf8("{\"two\":2}")),
                            SetRequest.of(p + "3", StateCrudCases.BINARY))));
                    Map<String, BulkGetItem> items = bulkGet(h, p + "1", p + "2", p + "3", p + "missing");
                    assertArrayEquals(utf8("\"one\""), items.get(p + "1").response().data());
                    assertArrayEquals(utf8("{\"two\":2}"), items.get(p + "2").response().data());
                    assertArrayEquals(StateCrudCases.BINARY, items.get(p + "3").response().data());
                    BulkGetItem missing = items.get(p + "missing");
                    assertFalse(missing.response().found(), "bulkGet found a key never written");
                    assertNull(missing.error(), "a missing key is not an error: " + missing.error());
                    if (h.has(StateFeature.ETAG)) {
                        for (String k : List.of(p + "1", p + "2", p + "3")) {
                            assertNotNull(items.get(k).response().etag(), "bulkGet returned no etag for " + k);
                        }
                    }
                }),
                dynamicTest("bulkDelete removes exactly the keys named", () -> {
                    String p = newPrefix();
                    Ops.await(h.store().bulkSet(List.of(SetRequest.of(p + "a", utf8("1")),
                            SetRequest.of(p + "b", utf8("2")), SetRequest.of(p + "c", utf8("3")))));
                    Ops.await(h.store().bulkDelete(List.of(DeleteRequest.of(p + "a"), DeleteRequest.of(p + "b"),
                            DeleteRequest.of(p + "never-written"))));
                    h.assertMissing(p + "a");
                    h.assertMissing(p + "b");
                    h.assertValue(p + "c", utf8("3"));
                }),
                dynamicTest("empty bulk calls succeed", () -> {
                    assertTrue(Ops.await(h.store().bulkGet(List.of())).isEmpty(), "bulkGet of nothing found something");
                    Ops.await(h.store().bulkSet(List.of()));
                    Ops.await(h.store().bulkDelete(List.of()));
                })));
    }

    private static Map<String, BulkGetItem> bulkGet(StateHarness h, String... keys) {
        List<BulkGetItem> items = Ops.await(h.store().bulkGet(Stream.of(keys).map(GetRequest::of).toList()));
        assertEquals(keys.length, items.size(), "bulkGet must answer once per requested key");
        Map<String, BulkGetItem> byKey = new HashMap<>();
        for (BulkGetItem item : items) {
            assertNotNull(item.response(), "bulkGet item without a response for " + item.key());
            byKey.put(item.key(), item);
        }
        for (String k : keys) {
            assertTrue(byKey.containsKey(k), "bulkGet left out " + k);
        }
        return byKey;
    }
}
