package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Service invocation keeps working when things around it do not: the test calls app B
 * ({@link EchoHttpApp}) and app C (another one) through sidecar A, each app behind its own
 * sidecar, found by the SQLite name resolution on one shared data folder (no mTLS). App B and
 * sidecar B are stopped and started again on the same ports while A keeps running; 10,000 calls
 * must leave A's and B's descriptors and threads where they were; and calls to C answer quickly
 * while A holds more slow calls to B than B lets it have in flight
 * ({@code quapr.invoke.max-concurrent-calls}).
 */
class InvocationReliabilityIT {

    /** App B's request threads: every slow call holds one, and all of them must reach B at once. */
    private static final int APP_B_THREADS = 160;
    /** Parallel clients of the leak test. */
    private static final int CLIENTS = 16;
    /** Sidecar B's {@code quapr.invoke.max-concurrent-calls}: the calls A may have in flight to it. */
    private static final int B_CONCURRENT_CALLS = 64;
    /** Slow calls to B: more than B lets A have in flight, so some wait in A's queue for B. */
    private static final int SLOW_CALLS = 96;
    private static final long SLOW_MILLIS = 3000;
    /** How much a figure may grow over the 10,000 calls: pools and JVM threads that start late. */
    private static final int SLACK = 20;

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static Path dir;
    private static int internalPortB;
    private static int appPortB;
    private static EchoHttpApp appB;
    private static EchoHttpApp appC;
    private static Sidecar sidecarA;
    private static Sidecar sidecarB;
    private static Sidecar sidecarC;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("quapr-invoke-reliability-");
        appB = EchoHttpApp.start(0, APP_B_THREADS);
        appPortB = appB.port();
        appC = EchoHttpApp.start();
        internalPortB = Sidecar.freePort();
        // three sidecars starting one after the other would take most of the time budget
        CompletableFuture<Sidecar> b = CompletableFuture.supplyAsync(InvocationReliabilityIT::startSidecarB);
        CompletableFuture<Sidecar> c = CompletableFuture
                .supplyAsync(() -> sidecar("reliability-c", "app-c", appC.port(), Sidecar.freePort()));
        // one event loop: A keeps one connection per target on each loop, and the bound asserted
        // below is per connection
        CompletableFuture<Sidecar> a = CompletableFuture.supplyAsync(() -> sidecar("reliability-a", "app-a", 0,
                Sidecar.freePort(), "-Dquarkus.vertx.event-loops-pool-size=1"));
        sidecarB = b.handle((s, e) -> s).join();
        sidecarC = c.handle((s, e) -> s).join();
        sidecarA = a.handle((s, e) -> s).join();
        // rethrows the first failure, the others being kept for stop()
        Stream.of(b, c, a).forEach(CompletableFuture::join);
    }

    private static Sidecar startSidecarB() {
        return sidecar("reliability-b", "app-b", appPortB, internalPortB,
                "-Dquapr.invoke.max-concurrent-calls=" + B_CONCURRENT_CALLS);
    }

    private static Sidecar sidecar(String name, String appId, int appPort, int internalPort, String... jvmOptions) {
        List<String> jvm = new ArrayList<>(List.of("-Dquapr.data-dir=" + dir.resolve("data")));
        jvm.addAll(List.of(jvmOptions));
        return Sidecar.start(name, appId, jvm, List.of(), appPort,
                List.of("--dapr-internal-grpc-port", Integer.toString(internalPort)));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] { sidecarA, sidecarB, sidecarC, appB, appC }) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
        if (dir != null) {
            E2e.deleteTree(dir);
        }
    }

    /** {@code GET /v1.0/invoke/<app>/method/<method>} on sidecar A. */
    private static HttpResponse<String> invoke(String app, String methodAndQuery) throws Exception {
        return HTTP.send(request(app, methodAndQuery).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String app, String methodAndQuery) {
        return HttpRequest
                .newBuilder(URI.create(sidecarA.httpUrl() + "/v1.0/invoke/" + app + "/method/" + methodAndQuery))
                .timeout(Duration.ofSeconds(30));
    }

    /** Asserts the next {@code n} calls to B through A all succeed. */
    private static void assertCallsSucceed(int n, String what) throws Exception {
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = invoke("app-b", "ping?n=" + i);
            assertEquals(200, r.statusCode(), what + ", call " + i + ": " + r.body());
            assertEquals("n=" + i, r.headers().firstValue("x-echo-query").orElse(""), what);
        }
    }

    /** Asserts a call failed as daprd fails it: 500 with ERR_DIRECT_INVOKE naming the target. */
    private static String assertDirectInvokeError(HttpResponse<String> r) {
        assertEquals(500, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"errorCode\":\"ERR_DIRECT_INVOKE\""), r.body());
        assertTrue(r.body().contains("failed to invoke, id: app-b, err: "), r.body());
        return r.body();
    }

    @Test
    void callsFailWhileTheCalleeAppIsDownAndSucceedOnceItIsBack() throws Exception {
        assertCallsSucceed(3, "before app B stops");
        appB.close();
        for (int i = 0; i < 3; i++) {
            String body = assertDirectInvokeError(invoke("app-b", "ping"));
            // sidecar B's answer, as daprd's callee wraps an app channel error (codes.Internal)
            assertTrue(body.contains("rpc error: code = Internal desc = error invoking app channel: "), body);
        }
        appB = EchoHttpApp.start(appPortB, APP_B_THREADS);
        // neither sidecar restarted: the very first call after the app is back succeeds
        assertCallsSucceed(20, "after app B is back");
    }

    @Test
    void callsFailWhileTheCalleeSidecarIsDownAndSucceedOnceItIsBack() throws Exception {
        // A holds a connection to B and B's address in its cache when B goes away
        assertCallsSucceed(3, "before sidecar B stops");
        sidecarB.close();
        sidecarB = null;
        String body = assertDirectInvokeError(invoke("app-b", "ping"));
        System.out.println("[reliability] sidecar B down, A answers: " + body);
        // daprd's DaprBuiltInServiceRetries: a sidecar that cannot be reached is tried 3 more times
        assertTrue(body.contains("failed to invoke target app-b after 3 retries. Error: rpc error: code = Unavailable"),
                body);
        assertDirectInvokeError(invoke("app-b", "ping"));
        sidecarB = startSidecarB();
        assertCallsSucceed(20, "after sidecar B is back on port " + internalPortB);
    }

    @Test
    void tenThousandCallsLeakNoDescriptorsOrThreads() throws Exception {
        calls(500);
        // a moment for anything the warm-up started to settle
        Thread.sleep(1000);
        Usage a0 = Usage.of(sidecarA.pid());
        Usage b0 = Usage.of(sidecarB.pid());
        long started = System.nanoTime();
        calls(10_000);
        long millis = (System.nanoTime() - started) / 1_000_000;
        Thread.sleep(1000);
        Usage a1 = Usage.of(sidecarA.pid());
        Usage b1 = Usage.of(sidecarB.pid());
        System.out.printf("[reliability] 10000 calls, %d clients, %d ms (%.0f calls/s)%n", CLIENTS, millis,
                10_000 * 1000.0 / Math.max(1, millis));
        System.out.println("[reliability] sidecar A before " + a0 + ", after " + a1);
        System.out.println("[reliability] sidecar B before " + b0 + ", after " + b1);
        assertTrue(a1.fds() <= a0.fds() + SLACK, "sidecar A descriptors: " + a0 + " -> " + a1);
        assertTrue(a1.threads() <= a0.threads() + SLACK, "sidecar A threads: " + a0 + " -> " + a1);
        assertTrue(b1.fds() <= b0.fds() + SLACK, "sidecar B descriptors: " + b0 + " -> " + b1);
        assertTrue(b1.threads() <= b0.threads() + SLACK, "sidecar B threads: " + b0 + " -> " + b1);
    }

    /** Makes {@code n} POSTs with a body to B through A from {@link #CLIENTS} threads; all must succeed. */
    private static void calls(int n) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    int i;
                    while (failure.get() == null && (i = next.getAndIncrement()) < n) {
                        String body = "{\"call\":" + i + "}";
                        try {
                            HttpResponse<String> r = HTTP.send(request("app-b", "leak")
                                    .header("content-type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200 || !r.body().equals(body)) {
                                failure.compareAndSet(null, "call " + i + ": " + r.statusCode() + " " + r.body());
                            }
                        } catch (IOException | InterruptedException e) {
                            failure.compareAndSet(null, "call " + i + ": " + e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(null, failure.get());
    }

    @Test
    void aSlowCalleeDoesNotHoldUpCallsToAnotherApp() throws Exception {
        int before = EchoHttpApp.attempts("/slow");
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < SLOW_CALLS; i++) {
            slow.add(HTTP.sendAsync(request("app-b", "slow?delay=" + SLOW_MILLIS).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        // B's connection is full: B_CONCURRENT_CALLS calls at app B, the rest waiting in sidecar A
        await(() -> EchoHttpApp.attempts("/slow") - before >= B_CONCURRENT_CALLS,
                () -> "slow calls reaching app B: " + (EchoHttpApp.attempts("/slow") - before));
        Thread.sleep(300);
        assertEquals(B_CONCURRENT_CALLS, EchoHttpApp.attempts("/slow") - before,
                "slow calls at app B: sidecar B's quapr.invoke.max-concurrent-calls bounds A's calls in flight");
        long worst = 0;
        for (int i = 0; i < 20; i++) {
            long t = System.nanoTime();
            HttpResponse<String> r = invoke("app-c", "fast?n=" + i);
            worst = Math.max(worst, (System.nanoTime() - t) / 1_000_000);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("n=" + i, r.headers().firstValue("x-echo-query").orElse(""));
        }
        int atB = EchoHttpApp.attempts("/slow") - before;
        boolean overlapped = slow.stream().noneMatch(CompletableFuture::isDone);
        System.out.printf("[reliability] calls to C while %d slow calls to B were in flight (%d at app B): max %d ms%n",
                SLOW_CALLS, atB, worst);
        assertTrue(overlapped, "the slow calls ended before the calls to C: the test proved nothing");
        assertTrue(worst < 500, "a call to C took " + worst + " ms while B was slow");
        for (CompletableFuture<HttpResponse<String>> f : slow) {
            HttpResponse<String> r = f.get(4 * SLOW_MILLIS + 30_000, TimeUnit.MILLISECONDS);
            assertEquals(200, r.statusCode(), r.body());
        }
        System.out.printf("[reliability] %d slow calls of %d ms done after %d ms%n", SLOW_CALLS, SLOW_MILLIS,
                (System.nanoTime() - started) / 1_000_000);
        assertEquals(SLOW_CALLS, EchoHttpApp.attempts("/slow") - before);
    }

    private static void await(Supplier<Boolean> condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within 20 s: " + what.get());
            }
            Thread.sleep(20);
        }
    }

    /** A process's open descriptors, threads and resident memory, from {@code /proc}. */
    private record Usage(long fds, long threads, long rssKb) {

        static Usage of(long pid) {
            Path proc = Path.of("/proc", Long.toString(pid));
            try (Stream<Path> fd = Files.list(proc.resolve("fd"))) {
                long fds = fd.count();
                long threads = -1;
                long rss = -1;
                for (String line : Files.readAllLines(proc.resolve("status"))) {
                    if (line.startsWith("Threads:")) {
                        threads = Long.parseLong(line.substring(8).trim());
                    } else if (line.startsWith("VmRSS:")) {
                        rss = Long.parseLong(line.substring(6).replace("kB", "").trim());
                    }
                }
                return new Usage(fds, threads, rss);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + proc, e);
            }
        }

        @Override
        public String toString() {
            return fds + " fds, " + threads + " threads, " + rssKb / 1024 + " MiB RSS";
        }
    }
}
