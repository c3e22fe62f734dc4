package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.ScheduleJobRequest;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Ten thousand one-shot jobs due within one minute, scheduled at once through two sidecars of one
 * app on Redis: every job reaches the app exactly once, and late by little. The delay between a
 * job's due time and its arrival at the app is printed at p50, p99 and max; p99 is held under
 * {@link #P99_BOUND}.
 */
class JobsScaleIT {

    private static final int JOBS = 10_000;
    /** The due times are spread evenly over this window. */
    private static final Duration WINDOW = Duration.ofMinutes(1);
    /**
     * From the start of scheduling to the first due time: scheduling must be done by then. It
     * takes about 10 s when the test runs alone (CI); the rest is room for a busier machine.
     */
    private static final Duration LEAD = Duration.ofSeconds(25);
    /** Schedule requests in flight at once, over both sidecars. */
    private static final int CONCURRENCY = 128;
    private static final Duration P99_BOUND = Duration.ofSeconds(2);
    /** How long after the last due time the stragglers may take before the test fails. */
    private static final Duration DRAIN = Duration.ofSeconds(15);

    @Test
    void tenThousandJobsDueWithinAMinuteFireOnceEachAndOnTime() throws Exception {
        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        ExecutorService handlers = Executors.newFixedThreadPool(8);
        HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        app.createContext("/job/", exchange -> {
            long at = System.currentTimeMillis();
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            String name = exchange.getRequestURI().getPath().substring("/job/".length());
            arrived.putIfAbsent(name, at);
            received.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        app.setExecutor(handlers);
        app.start();
        // an app id of its own: the jobs of earlier runs in the same Redis are not this app's
        String appId = "e2e-jobs-scale-" + UUID.randomUUID().toString().substring(0, 8);
        int appPort = app.getAddress().getPort();
        CompletableFuture<Sidecar> startA = CompletableFuture.supplyAsync(() -> Sidecar.start("jobs-scale-a", appId,
                List.of(), List.of(E2e.resources("workflow-redis")), appPort));
        CompletableFuture<Sidecar> startB = CompletableFuture.supplyAsync(() -> Sidecar.start("jobs-scale-b", appId,
                List.of(), List.of(E2e.resources("workflow-redis")), appPort));
        try {
            Sidecar a = startA.join();
            Sidecar b = startB.join();
            long start = System.currentTimeMillis();
            long first = start + LEAD.toMillis();
            AtomicInteger done = new AtomicInteger();
            try (DaprClient viaA = a.javaClient(); DaprClient viaB = b.javaClient()) {
                IntFunction<Mono<Void>> schedule = i -> (i % 2 == 0 ? viaA : viaB).scheduleJob(
                        new ScheduleJobRequest("scale-" + i, Instant.ofEpochMilli(due(first, i))))
                        .doOnSuccess(v -> done.incrementAndGet());
                try {
                    Flux.range(0, JOBS).flatMap(schedule::apply, CONCURRENCY).blockLast(LEAD);
                } catch (IllegalStateException e) {
                    throw new AssertionError("scheduling took longer than " + LEAD + ": " + done.get() + " of " + JOBS
                            + " jobs scheduled", e);
                }
            }
            long scheduled = System.currentTimeMillis() - start;
            System.out.printf("JobsScaleIT: scheduled %d jobs through two sidecars in %d ms (%d/s)%n", JOBS,
                    scheduled, JOBS * 1000L / Math.max(1, scheduled));
            assertTrue(start + scheduled < first, "scheduling took " + scheduled + " ms, past the first due time");

            long end = due(first, JOBS - 1) + DRAIN.toMillis();
            while (received.size() < JOBS && System.currentTimeMillis() < end) {
                Thread.sleep(200);
            }
            // a run fired twice would show by now
            Thread.sleep(2_000);

            Map<String, Integer> twice = new TreeMap<>();
            received.forEach((name, n) -> {
                if (n.get() != 1) {
                    twice.put(name, n.get());
                }
            });
            long[] delays = arrived.entrySet().stream().mapToLong(e -> e.getValue() - due(first, index(e.getKey())))
                    .sorted().toArray();
            System.out.printf("JobsScaleIT: %d of %d jobs arrived; delay after due time p50 %d ms, p99 %d ms,"
                    + " max %d ms, min %d ms%n", delays.length, JOBS, percentile(delays, 50), percentile(delays, 99),
                    delays.length == 0 ? -1 : delays[delays.length - 1], delays.length == 0 ? -1 : delays[0]);
            System.out.printf("JobsScaleIT: seconds of the window with a job over 200 ms late: %s%n", lateSeconds(
                    arrived, first));
            assertEquals(Map.of(), twice, "jobs that reached the app more than once");
            assertEquals(JOBS, received.size(), "jobs that reached the app");
            assertTrue(percentile(delays, 99) < P99_BOUND.toMillis(), "p99 delay " + percentile(delays, 99)
                    + " ms, bound " + P99_BOUND.toMillis() + " ms");
            assertTrue(delays[0] >= 0, "a job reached the app " + -delays[0] + " ms before it was due");
        } finally {
            for (CompletableFuture<Sidecar> s : Arrays.asList(startA, startB)) {
                s.thenAccept(Sidecar::close).exceptionally(e -> null).join();
            }
            app.stop(0);
            handlers.shutdownNow();
        }
    }

    /** Job i's due time: evenly spread over the window from the first. */
    private static long due(long first, int i) {
        return first + i * WINDOW.toMillis() / JOBS;
    }

    /** Per second of the window where a job arrived over 200 ms late: the latest delay there, and how many. */
    private static String lateSeconds(Map<String, Long> arrived, long first) {
        Map<Long, long[]> bySecond = new TreeMap<>();
        arrived.forEach((name, at) -> {
            long due = due(first, index(name));
            if (at - due > 200) {
                long[] worst = bySecond.computeIfAbsent((due - first) / 1000, k -> new long[2]);
                worst[0] = Math.max(worst[0], at - due);
                worst[1]++;
            }
        });
        return bySecond.isEmpty()
                ? "none"
                : bySecond.entrySet().stream().map(e -> "+" + e.getKey() + "s: " + e.getValue()[1] + " (max "
                        + e.getValue()[0] + " ms)").collect(Collectors.joining(", "));
    }

    private static int index(String name) {
        return Integer.parseInt(name.substring("scale-".length()));
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Long.MAX_VALUE;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
