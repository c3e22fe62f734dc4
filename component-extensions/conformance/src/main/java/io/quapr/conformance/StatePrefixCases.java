package io.quapr.conformance;

import static io.quapr.conformance.StateHarness.newPrefix;
import static io.quapr.conformance.StateHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quapr.spi.state.DeleteWithPrefixStateStore;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;

/** {@code deleteWithPrefix} for stores that claim {@code DELETE_WITH_PREFIX}. */
final class StatePrefixCases {

    private StatePrefixCases() {
    }

    static DynamicContainer cases(StateHarness h) {
        DeleteWithPrefixStateStore store = (DeleteWithPrefixStateStore) h.store();
        return dynamicContainer("delete with prefix", Stream.of(
                dynamicTest("deletes exactly the keys directly under the prefix and counts them", () -> {
                    String p = newPrefix();
                    // the sibling shares the prefix's text up to the separator, but is not under it
                    String sibling = p.substring(0, p.length() - 2) + "x||a";
                    h.set(p + "a", utf8("1"));
                    h.set(p + "b", utf8("2"));
                    h.set(sibling, utf8("3"));
                    // nested under the prefix by one more "||": another actor's key, kept
                    h.set(p + "a||nested", utf8("4"));
                    long deleted = Ops.await(store.deleteWithPrefix(p));
                    assertEquals(2L, deleted, "deleted count");
                    h.assertMissing(p + "a");
                    h.assertMissing(p + "b");
                    h.assertValue(sibling, utf8("3"));
                    h.assertValue(p + "a||nested", utf8("4"));
                }),
                dynamicTest("a prefix with no keys deletes nothing", () -> {
                    assertEquals(0L, Ops.await(store.deleteWithPrefix(newPrefix())));
                })));
    }
}
