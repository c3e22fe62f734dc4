package io.quapr.conformance;

import static io.quapr.conformance.StateHarness.deleteWithEtag;
import static io.quapr.conformance.StateHarness.newKey;
import static io.quapr.conformance.StateHarness.newPrefix;
import static io.quapr.conformance.StateHarness.setWithEtag;
import static io.quapr.conformance.StateHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateFeature;
import io.quapr.spi.state.StateOperation;
import io.quapr.spi.state.TransactionalStateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;

/** {@code multi} for stores that claim {@code TRANSACTIONAL}: in order, all or nothing. */
final class StateTransactionCases {

    /** Larger limits are not exercised: a transaction that big proves nothing more. */
    private static final int LARGEST_LIMIT_TESTED = 1000;

    /** How many transactions race each other. */
    private static final int RACERS = 8;

    private StateTransactionCases() {
    }

    static DynamicContainer cases(StateHarness h) {
        TransactionalStateStore store = (TransactionalStateStore) h.store();
        List<DynamicTest> tests = new ArrayList<>(List.of(
                dynamicTest("sets and deletes of several keys are all applied", () -> {
                    String p = newPrefix();
                    h.set(p + "c", utf8("\"old\""));
                    multi(store, SetRequest.of(p + "a", utf8("\"A\"")), SetRequest.of(p + "b", StateCrudCases.BINARY),
                            DeleteRequest.of(p + "c"));
                    h.assertValue(p + "a", utf8("\"A\""));
                    h.assertValue(p + "b", StateCrudCases.BINARY);
                    h.assertMissing(p + "c");
                }),
                dynamicTest("set then delete of one key leaves it absent", () -> {
                    String key = newKey("set-delete");
                    multi(store, SetRequest.of(key, utf8("1")), DeleteRequest.of(key));
                    h.assertMissing(key);
                }),
                dynamicTest("delete then set of one key leaves it present", () -> {
                    String key = newKey("delete-set");
                    h.set(key, utf8("1"));
                    multi(store, DeleteRequest.of(key), SetRequest.of(key, utf8("2")));
                    h.assertValue(key, utf8("2"));
                }),
                dynamicTest("two sets of one key: the last wins", () -> {
                    String key = newKey("set-set");
                    multi(store, SetRequest.of(key, utf8("1")), SetRequest.of(key, utf8("2")));
                    h.assertValue(key, utf8("2"));
                }),
                dynamicTest("racing transactions are isolated: each applies whole", () -> {
                    String p = newPrefix();
                    List<Callable<?>> writers = new ArrayList<>();
                    for (int i = 0; i < RACERS; i++) {
                        byte[] value = utf8(Integer.toString(i));
                        writers.add(() -> Ops.await(store.multi(List.of(SetRequest.of(p + "a", value),
                                SetRequest.of(p + "b", value), SetRequest.of(p + "c", value)), Map.of())));
                    }
                    for (Object outcome : Race.run(writers)) {
                        if (outcome instanceof Throwable t) {
                            throw new AssertionError("a racing transaction failed: " + t, t);
                        }
                    }
                    byte[] a = h.get(p + "a").data();
                    assertArrayEquals(a, h.get(p + "b").data(), "a and b come from different transactions");
                    assertArrayEquals(a, h.get(p + "c").data(), "a and c come from different transactions");
                }),
                dynamicTest("deleting a missing key inside a transaction succeeds", () -> {
                    String p = newPrefix();
                    multi(store, DeleteRequest.of(p + "never-written"), SetRequest.of(p + "x", utf8("1")));
                    h.assertValue(p + "x", utf8("1"));
                })));
        if (h.has(StateFeature.ETAG)) {
            tests.add(dynamicTest("a stale etag on the 2nd operation fails the whole transaction", () -> {
                String p = newPrefix();
                h.set(p + "first", utf8("\"before\""));
                String firstEtag = h.etag(p + "first");
                String stale = h.setAndGetEtag(p + "second", utf8("1"));
                h.set(p + "second", utf8("2"));
                Ops.failsWith(store.multi(List.of(SetRequest.of(p + "first", utf8("\"after\"")),
                        setWithEtag(p + "second", utf8("3"), stale), SetRequest.of(p + "third", utf8("3"))), Map.of()),
                        "a transaction with a stale etag", ETagMismatchException.class);
                h.assertValue(p + "first", utf8("\"before\""));
                assertEquals(firstEtag, h.etag(p + "first"), "a failed transaction changed an etag");
                h.assertValue(p + "second", utf8("2"));
                h.assertMissing(p + "third");
            }));
            tests.add(dynamicTest("a stale etag on a delete fails the whole transaction", () -> {
                String p = newPrefix();
                String stale = h.setAndGetEtag(p + "kept", utf8("1"));
                h.set(p + "kept", utf8("2"));
                h.set(p + "other", utf8("1"));
                Ops.failsWith(store.multi(List.of(DeleteRequest.of(p + "other"), deleteWithEtag(p + "kept", stale)),
                        Map.of()), "a transaction deleting with a stale etag", ETagMismatchException.class);
                h.assertValue(p + "other", utf8("1"));
                h.assertValue(p + "kept", utf8("2"));
            }));
            tests.add(dynamicTest("current etags inside a transaction are accepted", () -> {
                String p = newPrefix();
                String ea = h.setAndGetEtag(p + "a", utf8("1"));
                String eb = h.setAndGetEtag(p + "b", utf8("1"));
                multi(store, setWithEtag(p + "a", utf8("2"), ea), deleteWithEtag(p + "b", eb));
                h.assertValue(p + "a", utf8("2"));
                h.assertMissing(p + "b");
            }));
        }
        int max = store.maxOperations();
        if (max > 0 && max <= LARGEST_LIMIT_TESTED) {
            tests.add(dynamicTest("a transaction of exactly maxOperations (" + max + ") writes succeeds", () -> {
                String p = newPrefix();
                List<StateOperation> ops = new ArrayList<>();
                for (int i = 0; i < max; i++) {
                    ops.add(SetRequest.of(p + i, utf8(Integer.toString(i))));
                }
                Ops.await(store.multi(ops, Map.of()));
                h.assertValue(p + 0, utf8("0"));
                h.assertValue(p + (max - 1), utf8(Integer.toString(max - 1)));
            }));
        }
        return dynamicContainer("transactions", tests);
    }

    private static void multi(TransactionalStateStore store, StateOperation... ops) {
        Ops.await(store.multi(List.of(ops), Map.of()));
    }
}
