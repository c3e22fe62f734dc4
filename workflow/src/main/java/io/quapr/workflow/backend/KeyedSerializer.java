package io.quapr.workflow.backend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs asynchronous read-modify-write operations one at a time per key, without blocking a
 * thread: an operation starts when every earlier operation on any of its keys has finished. So
 * this process never races itself on an ETag, and optimistic concurrency is left to catch only
 * another process.
 *
 * <p>
 * An operation registers on all its keys at once, under one lock, so it only ever waits for
 * operations registered before it: the waits cannot form a cycle.
 */
final class KeyedSerializer {

    private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();
    private final Executor executor;

    /** @param executor where an operation that had to wait starts (never the thread that ended the wait) */
    KeyedSerializer(Executor executor) {
        this.executor = executor;
    }

    <T> CompletionStage<T> run(Collection<String> keys, Supplier<CompletionStage<T>> operation) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        List<CompletableFuture<Void>> before = new ArrayList<>();
        LinkedHashSet<String> distinct = new LinkedHashSet<>(keys);
        synchronized (this) {
            for (String k : distinct) {
                CompletableFuture<Void> previous = tails.put(k, mine);
                if (previous != null) {
                    before.add(previous);
                }
            }
        }
        CompletableFuture<T> result = before.isEmpty()
                ? CompletableFuture.<Void>completedFuture(null).thenCompose(v -> operation.get())
                // after a wait, start on another thread: a long queue must not become a deep stack
                : CompletableFuture.allOf(before.toArray(CompletableFuture[]::new)).thenComposeAsync(
                        v -> operation.get(), executor);
        result.whenComplete((r, e) -> {
            synchronized (this) {
                distinct.forEach(k -> tails.remove(k, mine));
            }
            mine.complete(null);
        });
        return result;
    }
}
