package io.quapr.conformance;

import static io.quapr.conformance.StateHarness.deleteWithEtag;
import static io.quapr.conformance.StateHarness.newKey;
import static io.quapr.conformance.StateHarness.newPrefix;
import static io.quapr.conformance.StateHarness.setRequest;
import static io.quapr.conformance.StateHarness.setWithEtag;
import static io.quapr.conformance.StateHarness.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quapr.spi.state.BulkStateException;
import io.quapr.spi.state.Concurrency;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagInvalidException;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.SetRequest;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;

/**
 * Optimistic concurrency for stores that claim {@code ETAG}. A well-formed but wrong ETag is
 * always a stale one (the ETag a key had before its last write), so the cases hold for any ETag
 * format a store chooses.
 */
final class StateETagCases {

    /** How many writers race for one ETag. */
    private static final int RACERS = 8;

    private StateETagCases() {
    }

    static DynamicContainer cases(StateHarness h) {
        return dynamicContainer("etag", Stream.of(
                dynamicTest("get returns an etag", () -> h.setAndGetEtag(newKey("etag"), utf8("1"))),
                dynamicTest("set with the current etag succeeds and changes the etag", () -> {
                    String key = newKey("etag-match");
                    String e1 = h.setAndGetEtag(key, utf8("1"));
                    h.set(setWithEtag(key, utf8("2"), e1));
                    h.assertValue(key, utf8("2"));
                    assertNotEquals(e1, h.etag(key), "the etag must change on every write");
                }),
                dynamicTest("set with a stale etag fails with ETagMismatchException and writes nothing", () -> {
                    String key = newKey("etag-stale");
                    String e1 = h.setAndGetEtag(key, utf8("1"));
                    h.set(setWithEtag(key, utf8("2"), e1));
                    String e2 = h.etag(key);
                    Ops.failsWith(h.store().set(setWithEtag(key, utf8("3"), e1)), "set with a stale etag",
                            ETagMismatchException.class);
                    h.assertValue(key, utf8("2"));
                    assertEquals(e2, h.etag(key), "a refused write changed the etag");
                }),
                dynamicTest("set with a malformed etag fails and writes nothing", () -> {
                    String key = newKey("etag-malformed");
                    h.setAndGetEtag(key, utf8("1"));
                    Ops.failsWith(h.store().set(setWithEtag(key, utf8("2"), "not-an-etag-" + UUID.randomUUID())),
                            "set with a malformed etag", ETagInvalidException.class, ETagMismatchException.class);
                    h.assertValue(key, utf8("1"));
                }),
                dynamicTest("delete with a stale etag fails with ETagMismatchException and keeps the key", () -> {
                    String key = newKey("etag-delete-stale");
                    String e1 = h.setAndGetEtag(key, utf8("1"));
                    h.set(key, utf8("2"));
                    Ops.failsWith(h.store().delete(deleteWithEtag(key, e1)), "delete with a stale etag",
                            ETagMismatchException.class);
                    h.assertValue(key, utf8("2"));
                }),
                dynamicTest("delete with a malformed etag fails and keeps the key", () -> {
                    String key = newKey("etag-delete-malformed");
                    h.set(key, utf8("1"));
                    Ops.failsWith(h.store().delete(deleteWithEtag(key, "not-an-etag-" + UUID.randomUUID())),
                            "delete with a malformed etag", ETagInvalidException.class, ETagMismatchException.class);
                    h.assertValue(key, utf8("1"));
                }),
                dynamicTest("delete with the current etag removes the key", () -> {
                    String key = newKey("etag-delete");
                    String e1 = h.setAndGetEtag(key, utf8("1"));
                    h.delete(deleteWithEtag(key, e1));
                    h.assertMissing(key);
                }),
                dynamicTest("delete with an etag of a key that no longer exists fails with ETagMismatchException",
                        () -> {
                            String key = newKey("etag-delete-gone");
                            String e1 = h.setAndGetEtag(key, utf8("1"));
                            h.delete(key);
                            Ops.failsWith(h.store().delete(deleteWithEtag(key, e1)),
                                    "delete of a missing key with an etag",
                                    ETagMismatchException.class);
                        }),
                dynamicTest("bulkSet with one stale etag fails for that key only; the others are written", () -> {
                    String p = newPrefix();
                    String stale = h.setAndGetEtag(p + "bad", utf8("1"));
                    h.set(p + "bad", utf8("2"));
                    String good = h.setAndGetEtag(p + "good", utf8("1"));
                    Throwable e = Ops.failsWith(h.store().bulkSet(List.of(
                            setWithEtag(p + "good", utf8("3"), good),
                            setWithEtag(p + "bad", utf8("3"), stale),
                            SetRequest.of(p + "new", utf8("3")))), "bulkSet with one stale etag",
                            BulkStateException.class);
                    Map<String, Throwable> failures = ((BulkStateException) e).failures();
                    assertEquals(List.of(p + "bad"), List.copyOf(failures.keySet()), "failed keys");
                    assertInstanceOf(ETagMismatchException.class, Ops.unwrap(failures.get(p + "bad")));
                    h.assertValue(p + "good", utf8("3"));
                    h.assertValue(p + "new", utf8("3"));
                    h.assertValue(p + "bad", utf8("2"));
                }),
                dynamicTest("bulkDelete with one stale etag fails for that key only; the others are deleted", () -> {
                    String p = newPrefix();
                    String stale = h.setAndGetEtag(p + "bad", utf8("1"));
                    h.set(p + "bad", utf8("2"));
                    String good = h.setAndGetEtag(p + "good", utf8("1"));
                    h.set(p + "plain", utf8("1"));
                    Throwable e = Ops.failsWith(h.store().bulkDelete(List.of(
                            deleteWithEtag(p + "good", good),
                            deleteWithEtag(p + "bad", stale),
                            DeleteRequest.of(p + "plain"))), "bulkDelete with one stale etag",
                            BulkStateException.class);
                    assertEquals(List.of(p + "bad"), List.copyOf(((BulkStateException) e).failures().keySet()));
                    h.assertMissing(p + "good");
                    h.assertMissing(p + "plain");
                    h.assertValue(p + "bad", utf8("2"));
                }),
                dynamicTest("first-write without an etag succeeds on a new key", () -> {
                    String key = newKey("first-write-new");
                    h.set(setRequest(key, utf8("1"), null, Map.of(), Concurrency.FIRST_WRITE));
                    h.assertValue(key, utf8("1"));
                }),
                dynamicTest("first-write without an etag on an existing key fails with ETagMismatchException", () -> {
                    String key = newKey("first-write-existing");
                    h.set(key, utf8("1"));
                    Ops.failsWith(h.store().set(setRequest(key, utf8("2"), null, Map.of(), Concurrency.FIRST_WRITE)),
                            "first-write on an existing key", ETagMismatchException.class);
                    h.assertValue(key, utf8("1"));
                }),
                dynamicTest("first-write with the current etag succeeds, with a stale one fails", () -> {
                    String key = newKey("first-write-etag");
                    String e1 = h.setAndGetEtag(key, utf8("1"));
                    h.set(setRequest(key, utf8("2"), e1, Map.of(), Concurrency.FIRST_WRITE));
                    h.assertValue(key, utf8("2"));
                    Ops.failsWith(h.store().set(setRequest(key, utf8("3"), e1, Map.of(), Concurrency.FIRST_WRITE)),
                            "first-write with a stale etag", ETagMismatchException.class);
                    h.assertValue(key, utf8("2"));
                }),
                dynamicTest("of racing writes carrying the same etag, exactly one wins", () -> {
                    String key = newKey("etag-race");
                    String e1 = h.setAndGetEtag(key, utf8("0"));
                    List<Callable<?>> writers = new ArrayList<>();
                    for (int i = 1; i <= RACERS; i++) {
                        byte[] value = utf8(Integer.toString(i));
                        writers.add(() -> Ops.await(h.store().set(setWithEtag(key, value, e1))));
                    }
                    List<Object> outcomes = Race.run(writers);
                    int winner = -1;
                    for (int i = 0; i < outcomes.size(); i++) {
                        Object o = outcomes.get(i);
                        if (o instanceof Throwable t) {
                            assertInstanceOf(ETagMismatchException.class, t, "a losing writer's failure");
                        } else {
                            assertEquals(-1, winner, "two writers with the same etag both succeeded");
                            winner = i + 1;
                        }
                    }
                    assertNotEquals(-1, winner, "no writer succeeded");
                    h.assertValue(key, utf8(Integer.toString(winner)));
                }),
                dynamicTest("last-write with the current etag succeeds", () -> {
                    String key = newKey("last-write-etag");
                    String e1 = h.setAndGetEtag(key, utf8("1"));
                    h.set(setRequest(key, utf8("2"), e1, Map.of(), Concurrency.LAST_WRITE));
                    h.assertValue(key, utf8("2"));
                    assertNotEquals(e1, h.etag(key), "the etag must change on every write");
                })));
    }

    /**
     * For stores without {@code ETAG}: an ETag on a request is ignored or refused, but the call
     * completes either way.
     */
    static DynamicContainer withoutETag(StateHarness h) {
        return dynamicContainer("etag (not claimed)", Stream.of(
                dynamicTest("a set carrying an etag completes (ignored or refused)", () -> {
                    String key = newKey("no-etag");
                    completes(h.store().set(setWithEtag(key, utf8("1"), "some-etag")));
                }),
                dynamicTest("a delete carrying an etag completes (ignored or refused)", () -> {
                    String key = newKey("no-etag-delete");
                    h.set(key, utf8("1"));
                    completes(h.store().delete(deleteWithEtag(key, "some-etag")));
                })));
    }

    private static void completes(Uni<Void> call) {
        try {
            Ops.await(call);
        } catch (ETagMismatchException | ETagInvalidException | UnsupportedOperationException
                | IllegalArgumentException refused) {
            // refusing an ETag the store cannot check is allowed
        }
    }
}
