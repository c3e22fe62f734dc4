package io.quapr.workflow.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOperation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Transactions asked for while one is written go out together next, within the store's limit;
 * a merged one that fails is retried part by part, so only the part at fault fails.
 */
class GroupCommitTest {

    /** A store whose transactions finish when the test says, recording what each held. */
    private final List<List<String>> written = new ArrayList<>();
    private final List<CompletableFuture<Void>> pending = new ArrayList<>();

    private CompletableFuture<Void> multi(List<StateOperation> ops) {
        written.add(ops.stream().map(StateOperation::key).toList());
        CompletableFuture<Void> f = new CompletableFuture<>();
        pending.add(f);
        return f;
    }

    @Test
    void transactionsAskedForDuringAWriteAreWrittenTogetherNext() {
        GroupCommit group = new GroupCommit(this::multi, -1);
        CompletableFuture<Void> a = group.commit(ops("a1", "a2"));
        CompletableFuture<Void> b = group.commit(ops("b1"));
        CompletableFuture<Void> c = group.commit(ops("c1", "c2"));
        assertEquals(List.of(List.of("a1", "a2")), written, "the first goes at once, alone");

        pending.get(0).complete(null);
        assertTrue(a.isDone());
        assertFalse(b.isDone());
        assertEquals(List.of("b1", "c1", "c2"), written.get(1), "the two that waited, as one");

        pending.get(1).complete(null);
        assertTrue(b.isDone() && c.isDone());
        CompletableFuture<Void> d = group.commit(ops("d1"));
        assertEquals(List.of("d1"), written.get(2), "nothing under way: at once");
        pending.get(2).complete(null);
        assertTrue(d.isDone());
    }

    @Test
    void aBatchNeverHoldsMoreOperationsThanTheStoreTakes() {
        GroupCommit group = new GroupCommit(this::multi, 3);
        group.commit(ops("a1"));
        group.commit(ops("b1", "b2"));
        group.commit(ops("c1"));
        group.commit(ops("d1", "d2", "d3"));
        pending.get(0).complete(null);
        assertEquals(List.of("b1", "b2", "c1"), written.get(1));
        pending.get(1).complete(null);
        assertEquals(List.of("d1", "d2", "d3"), written.get(2));
    }

    @Test
    void aFailedMergedTransactionFailsOnlyThePartAtFault() {
        GroupCommit group = new GroupCommit(this::multi, -1);
        group.commit(ops("first"));
        CompletableFuture<Void> good = group.commit(ops("good"));
        CompletableFuture<Void> bad = group.commit(ops("bad"));
        pending.get(0).complete(null);
        ETagMismatchException mismatch = new ETagMismatchException("bad");
        pending.get(1).completeExceptionally(mismatch);
        assertEquals(List.of(List.of("first"), List.of("good", "bad"), List.of("good"), List.of("bad")), written);

        pending.get(2).complete(null);
        pending.get(3).completeExceptionally(mismatch);
        assertTrue(good.isDone() && !good.isCompletedExceptionally());
        CompletionException e = assertThrows(CompletionException.class, bad::join);
        assertSame(mismatch, e.getCause());
    }

    @Test
    void aStoreThatAnswersAtOnceIsWrittenInALoopNotARecursion() {
        List<Integer> sizes = new ArrayList<>();
        GroupCommit[] group = new GroupCommit[1];
        int[] asked = { 0 };
        group[0] = new GroupCommit(ops -> {
            sizes.add(ops.size());
            // each write asks for another while it is written, 10,000 deep
            if (++asked[0] < 10_000) {
                group[0].commit(ops("k" + asked[0]));
            }
            return CompletableFuture.completedFuture(null);
        }, -1);
        assertTrue(group[0].commit(ops("k0")).isDone());
        assertEquals(10_000, sizes.size());
    }

    private static List<StateOperation> ops(String... keys) {
        List<StateOperation> list = new ArrayList<>();
        for (String k : keys) {
            list.add(SetRequest.of(k, k.getBytes(StandardCharsets.UTF_8)));
        }
        return list;
    }
}
