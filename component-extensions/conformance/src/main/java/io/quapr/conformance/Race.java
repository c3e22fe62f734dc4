package io.quapr.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs calls on several threads released at the same instant, to race a store against itself. */
final class Race {

    private Race() {
    }

    /**
     * Runs every call on its own thread, all started together.
     *
     * @return each call's outcome, in the order given: its result or the failure it threw
     */
    static List<Object> run(List<Callable<?>> calls) throws InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (Callable<?> call : calls) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<?> f : futures) {
                try {
                    outcomes.add(f.get(ConformanceRun.OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
                } catch (ExecutionException e) {
                    outcomes.add(Ops.unwrap(e.getCause()));
                } catch (TimeoutException e) {
                    outcomes.add(e);
                }
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }
}
