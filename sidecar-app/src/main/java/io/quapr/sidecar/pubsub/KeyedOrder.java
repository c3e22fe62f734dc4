package io.quapr.sidecar.pubsub;

import io.smallrye.mutiny.Uni;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The opt-in in-order mode (beyond daprd): messages with the same key are delivered one after
 * the other, each only once the one before it is done (delivered, dead-lettered or dropped,
 * retries included); messages with different keys still go in parallel. Waiting takes no thread
 * and no in-flight slot.
 */
final class KeyedOrder {

    private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();

    /** Runs the work after every earlier work of the same key has ended, however it ended. */
    <T> Uni<T> after(String key, Supplier<Uni<T>> work) {
        CompletableFuture<Void> previous;
        CompletableFuture<Void> mine = new CompletableFuture<>();
        synchronized (tails) {
            previous = tails.get(key);
            tails.put(key, mine);
        }
        Uni<Void> turn = previous == null
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().completionStage(previous);
        return turn.chain(() -> Uni.createFrom().<T>deferred(work::get)).onTermination().invoke(() -> {
            synchronized (tails) {
                tails.remove(key, mine);
            }
            mine.complete(null);
        });
    }

    /** Keys with a delivery under way or waiting; for tests. */
    int keys() {
        synchronized (tails) {
            return tails.size();
        }
    }
}
