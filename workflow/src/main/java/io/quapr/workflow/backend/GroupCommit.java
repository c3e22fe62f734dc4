package io.quapr.workflow.backend;

import io.quapr.spi.state.StateOperation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Writes the transactions asked for while one is under way as one transaction, when it is done
 * (group commit). With many workflows running, steps of different instances then share one store
 * round trip, and on SQLite one synchronous write of the log instead of one each: the store's
 * cost per step falls as the load rises, where it used to cap throughput.
 *
 * <p>
 * Safe because the backend serializes the writers of any key ({@link KeyedSerializer}): the
 * transactions waiting here at one time never touch the same key, so merging them changes no
 * outcome. But one failed check (an ETag another process moved) fails a merged transaction
 * whole, so when one fails each of its parts is tried again alone, and only the part at fault
 * fails. A batch never holds more operations than the store takes in one transaction.
 */
final class GroupCommit {

    private record Pending(List<StateOperation> ops, CompletableFuture<Void> done) {
    }

    private final Function<List<StateOperation>, CompletableFuture<Void>> multi;
    private final int maxOperations;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private boolean writing;

    /**
     * @param multi one transaction on the store
     * @param maxOperations the most operations the store takes in one transaction; negative for
     *        no limit
     */
    GroupCommit(Function<List<StateOperation>, CompletableFuture<Void>> multi, int maxOperations) {
        this.multi = multi;
        this.maxOperations = maxOperations < 0 ? Integer.MAX_VALUE : maxOperations;
    }

    /** Writes {@code ops} in one transaction, alone or with others'; completes when they are durable. */
    CompletableFuture<Void> commit(List<StateOperation> ops) {
        Pending p = new Pending(ops, new CompletableFuture<>());
        synchronized (this) {
            waiting.add(p);
            if (writing) {
                return p.done;
            }
            writing = true;
        }
        writeWaiting();
        return p.done;
    }

    /** Writes batches until none waits; a loop, not recursion, for a store that answers at once. */
    private void writeWaiting() {
        while (true) {
            List<Pending> batch = take();
            if (batch.isEmpty()) {
                return;
            }
            CompletableFuture<Void> written = write(batch.size() == 1 ? batch.get(0).ops : merged(batch));
            if (!written.isDone()) {
                written.whenComplete((v, error) -> {
                    settle(batch, error);
                    writeWaiting();
                });
                return;
            }
            settle(batch, written.isCompletedExceptionally() ? failure(written) : null);
        }
    }

    /** The next batch, or none (and then no write is under way any more). */
    private synchronized List<Pending> take() {
        List<Pending> batch = new ArrayList<>();
        int size = 0;
        while (!waiting.isEmpty() && (batch.isEmpty() || size + waiting.peek().ops.size() <= maxOperations)) {
            Pending p = waiting.poll();
            batch.add(p);
            size += p.ops.size();
        }
        if (batch.isEmpty()) {
            writing = false;
        }
        return batch;
    }

    private void settle(List<Pending> batch, Throwable error) {
        if (error == null) {
            batch.forEach(p -> p.done.complete(null));
        } else if (batch.size() == 1) {
            batch.get(0).done.completeExceptionally(error);
        } else {
            // which part failed is unknown: each alone, outside the queue (it is rare)
            batch.forEach(p -> write(p.ops).whenComplete((v, e) -> {
                if (e == null) {
                    p.done.complete(null);
                } else {
                    p.done.completeExceptionally(e);
                }
            }));
        }
    }

    private CompletableFuture<Void> write(List<StateOperation> ops) {
        try {
            return multi.apply(ops);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static List<StateOperation> merged(List<Pending> batch) {
        List<StateOperation> all = new ArrayList<>();
        batch.forEach(p -> all.addAll(p.ops));
        return all;
    }

    private static Throwable failure(CompletableFuture<Void> failed) {
        try {
            failed.join();
            return null;
        } catch (RuntimeException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }
}
