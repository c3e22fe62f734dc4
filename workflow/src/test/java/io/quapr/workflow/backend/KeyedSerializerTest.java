package io.quapr.workflow.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KeyedSerializerTest {

    @Test
    void operationsOnOneKeyRunOneAtATimeInOrderAndOtherKeysDoNotWait() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            KeyedSerializer serial = new KeyedSerializer(pool);
            CompletableFuture<Void> gate = new CompletableFuture<>();
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            CompletionStage<Void> first = serial.run(List.of("a"), () -> gate.thenRun(() -> order.add("a1")));
            CompletionStage<Void> second = serial.run(List.of("a", "b"), () -> {
                order.add("a2");
                return CompletableFuture.completedFuture(null);
            });
            CompletionStage<Void> other = serial.run(List.of("c"), () -> {
                order.add("c");
                return CompletableFuture.completedFuture(null);
            });
            other.toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertFalse(second.toCompletableFuture().isDone(), "waits for the first operation on 'a'");
            gate.complete(null);
            first.toCompletableFuture().get(5, TimeUnit.SECONDS);
            second.toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(List.of("c", "a1", "a2"), order);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void overlappingKeySetsNeverDeadlockAndNeverOverlap() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            KeyedSerializer serial = new KeyedSerializer(pool);
            Set<String> busy = ConcurrentHashMap.newKeySet();
            List<CompletableFuture<Void>> all = Collections.synchronizedList(new ArrayList<>());
            List<String> violations = Collections.synchronizedList(new ArrayList<>());
            String[] keys = { "k1", "k2", "k3", "k4" };
            for (int i = 0; i < 400; i++) {
                List<String> mine = List.of(keys[i % 4], keys[(i * 7 + 1) % 4]);
                callers.execute(() -> all.add(serial.run(mine, () -> CompletableFuture.runAsync(() -> {
                    for (String k : mine) {
                        if (!busy.add(k) && !mine.get(0).equals(mine.get(1))) {
                            violations.add(k);
                        }
                    }
                    Thread.onSpinWait();
                    mine.forEach(busy::remove);
                }, pool)).toCompletableFuture()));
            }
            callers.shutdown();
            assertTrue(callers.awaitTermination(10, TimeUnit.SECONDS));
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertEquals(List.of(), violations);
        } finally {
            pool.shutdownNow();
            callers.shutdownNow();
        }
    }
}
