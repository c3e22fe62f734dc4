package io.quapr.loadtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Before the measured scenarios: writes the values the reads expect, checks each endpoint answers
 * as the scenarios will check it (the invocation path and the workflow worker above all, which
 * take a moment to be found and to connect), then sends untimed requests to every endpoint so the
 * sidecar's JIT has compiled its paths before Gatling times them.
 */
final class Warmup {

    /** How long the first call through both sidecars and the first workflow may take to succeed. */
    private static final Duration READY = Duration.ofSeconds(90);

    private final String base;
    private final String invokeAppId;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Warmup(String base, String invokeAppId) {
        this.base = base;
        this.invokeAppId = invokeAppId;
    }

    /** Writes the values the read scenarios read. */
    void seed() {
        expect(post("/v1.0/state/statestore", Payloads.saveBody(Payloads.VALUE_KEY)), 204);
        expect(post("/v1.0/state/statestore", Payloads.saveBody(Payloads.bulkKeys())), 204);
    }

    /** Waits until the invocation through both sidecars echoes and a workflow completes. */
    void awaitReady(Runnable processesAlive) {
        long deadline = System.nanoTime() + READY.toNanos();
        String last = "";
        while (true) {
            processesAlive.run();
            HttpResponse<String> r = send(post(invokePath(), Payloads.ONE_KB));
            if (r != null && r.statusCode() == 200 && r.body().equals(Payloads.ONE_KB)) {
                break;
            }
            last = r == null ? "no answer" : r.statusCode() + " " + r.body();
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("the call through both sidecars did not echo within " + READY + ": "
                        + last);
            }
            SidecarProcesses.sleep(200);
        }
        String id = startWorkflow();
        while (!completed(id)) {
            processesAlive.run();
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("the first workflow did not complete within " + READY);
            }
            SidecarProcesses.sleep(200);
        }
    }

    /** Sends untimed requests to every endpoint from 8 threads for {@code duration} each. */
    void run(Duration duration) {
        List<HttpRequest.Builder> requests = List.of(
                get("/v1.0/state/statestore/load-missing"),
                get("/v1.0/state/statestore/" + Payloads.VALUE_KEY),
                post("/v1.0/state/statestore", Payloads.saveBody("load-warmup")),
                post("/v1.0/state/statestore/bulk", Payloads.bulkGetBody()),
                post("/v1.0/publish/pubsub/load-topic", Payloads.ONE_KB),
                post(invokePath(), Payloads.ONE_KB));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (HttpRequest.Builder request : requests) {
                AtomicLong failed = new AtomicLong();
                long end = System.nanoTime() + duration.toNanos();
                List<Future<?>> threads = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    threads.add(pool.submit(() -> {
                        while (System.nanoTime() < end) {
                            HttpResponse<String> r = send(request);
                            if (r == null || r.statusCode() >= 300) {
                                failed.incrementAndGet();
                            }
                        }
                    }));
                }
                for (Future<?> f : threads) {
                    f.get();
                }
                if (failed.get() > 0) {
                    throw new IllegalStateException(failed.get() + " warm-up requests failed: " + request.build());
                }
            }
            // a few workflows: the engine's and the worker's paths
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ids.add(startWorkflow());
            }
            long deadline = System.nanoTime() + READY.toNanos();
            for (String id : ids) {
                while (!completed(id)) {
                    if (System.nanoTime() >= deadline) {
                        throw new IllegalStateException("warm-up workflow " + id + " did not complete within " + READY);
                    }
                    SidecarProcesses.sleep(20);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("warm-up failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private String startWorkflow() {
        String id = "load-warmup-" + UUID.randomUUID();
        expect(post("/v1.0/workflows/dapr/FanOut5/start?instanceID=" + id, ""), 202);
        return id;
    }

    private boolean completed(String id) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + workflowPath(id))).GET());
        return r != null && r.body().contains("\"runtimeStatus\":\"COMPLETED\"");
    }

    private String invokePath() {
        return "/v1.0/invoke/" + invokeAppId + "/method/echo";
    }

    static String workflowPath(String id) {
        return "/v1.0/workflows/dapr/" + id;
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET();
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private void expect(HttpRequest.Builder request, int status) {
        HttpResponse<String> r = send(request);
        if (r == null || r.statusCode() != status) {
            throw new IllegalStateException(request.build() + " answered " + (r == null
                    ? "nothing"
                    : r.statusCode()
                            + " " + r.body())
                    + ", expected " + status);
        }
    }

    /** The answer, or null when there was none (not listening, timed out). */
    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
