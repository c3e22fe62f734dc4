package io.quapr.components.state.inmemory;

import static io.quapr.components.state.inmemory.StoreFixture.await;
import static io.quapr.components.state.inmemory.StoreFixture.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Transactions stay whole and single writes stay atomic when threads race. */
class ConcurrentTransactionsTest {

    private static final int THREADS = 4;

    private static int number(GetResponse r) {
        return Integer.parseInt(new String(r.data(), StandardCharsets.UTF_8));
    }

    private static void onThreads(Callable<Void> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return work.call();
                }));
            }
            start.countDown();
            for (Future<Void> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Threads move one unit at a time between two accounts with ETag-checked transactions,
     * retrying on mismatch: no unit is created or lost, and every success is counted once.
     */
    @Test
    void transfersKeepTheTotal() throws Exception {
        try (StoreFixture f = new StoreFixture()) {
            f.set("a", "1000");
            f.set("b", "1000");
            AtomicInteger moved = new AtomicInteger();
            int perThread = 200;
            onThreads(() -> {
                for (int done = 0; done < perThread;) {
                    GetResponse a = f.get("a");
                    GetResponse b = f.get("b");
                    try {
                        await(f.store.multi(List.of(
                                new SetRequest("a", utf8(Integer.toString(number(a) - 1)), a.etag(), Map.of(),
                                        StateOptions.DEFAULT),
                                new SetRequest("b", utf8(Integer.toString(number(b) + 1)), b.etag(), Map.of(),
                                        StateOptions.DEFAULT)),
                                Map.of()));
                        moved.incrementAndGet();
                        done++;
                    } catch (ETagMismatchException lostTheRace) {
                        // read again and retry, as a client would
                    }
                }
                return null;
            });
            assertEquals(THREADS * perThread, moved.get());
            assertEquals(1000 - moved.get(), number(f.get("a")));
            assertEquals(1000 + moved.get(), number(f.get("b")));
        }
    }

    /** A transaction and single writes racing for one key's ETag: exactly one of them wins each round. */
    @Test
    void aTransactionAndSingleWritesShareTheETagCheck() throws Exception {
        try (StoreFixture f = new StoreFixture()) {
            for (int round = 0; round < 50; round++) {
                f.set("k", "0");
                String etag = f.get("k").etag();
                AtomicInteger winners = new AtomicInteger();
                AtomicInteger turn = new AtomicInteger();
                onThreads(() -> {
                    boolean transactional = turn.getAndIncrement() % 2 == 0;
                    try {
                        if (transactional) {
                            await(f.store.multi(List.of(new SetRequest("k", utf8("1"), etag, Map.of(),
                                    StateOptions.DEFAULT), DeleteRequest.of("other")), Map.of()));
                        } else {
                            await(f.store.set(new SetRequest("k", utf8("2"), etag, Map.of(), StateOptions.DEFAULT)));
                        }
                        winners.incrementAndGet();
                    } catch (ETagMismatchException lost) {
                        // expected for all but one
                    }
                    return null;
                });
                assertEquals(1, winners.get(), "round " + round);
            }
        }
    }

    /** Single ETag-checked increments on several threads add up exactly. */
    @Test
    void singleCompareAndSetWritesAddUp() throws Exception {
        try (StoreFixture f = new StoreFixture()) {
            f.set("counter", "0");
            int perThread = 300;
            onThreads(() -> {
                for (int done = 0; done < perThread;) {
                    GetResponse r = f.get("counter");
                    try {
                        await(f.store.set(new SetRequest("counter", utf8(Integer.toString(number(r) + 1)), r.etag(),
                                Map.of(), StateOptions.DEFAULT)));
                        done++;
                    } catch (ETagMismatchException lostTheRace) {
                        // retry
                    }
                }
                return null;
            });
            assertEquals(THREADS * perThread, number(f.get("counter")));
        }
    }
}
