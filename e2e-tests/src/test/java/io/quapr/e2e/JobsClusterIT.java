package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.ScheduleJobRequest;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two sidecars of one app share the jobs in the Redis actor store, with no scheduler service:
 * every run of a job fires exactly once though both sidecars race for it, and the jobs one
 * sidecar scheduled still fire, once, after that sidecar is killed ({@code kill -9}) before they
 * are due.
 */
class JobsClusterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int JOBS = 150;

    @Test
    void eachRunFiresOnceAcrossSidecarsAndASurvivorFiresAKilledOnesJobs() throws Exception {
        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        app.createContext("/job/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            String name = exchange.getRequestURI().getPath().substring("/job/".length());
            received.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        app.start();
        // an app id of its own: the jobs of earlier runs in the same Redis are not this app's
        String appId = "e2e-jobs-" + UUID.randomUUID().toString().substring(0, 8);
        int appPort = app.getAddress().getPort();
        Sidecar a = Sidecar.start("jobs-cluster-a", appId, List.of(), List.of(E2e.resources("workflow-redis")),
                appPort);
        Sidecar b = null;
        try {
            b = Sidecar.start("jobs-cluster-b", appId, List.of(), List.of(E2e.resources("workflow-redis")), appPort);
            try (DaprClient viaA = a.javaClient(); DaprClient viaB = b.javaClient()) {
                // both sidecars up: jobs scheduled through either, due together
                Instant due = Instant.now().plusSeconds(3);
                for (int i = 0; i < JOBS; i++) {
                    (i % 2 == 0 ? viaA : viaB).scheduleJob(new ScheduleJobRequest("both-" + i, due.plusMillis(i)))
                            .block(TIMEOUT);
                }
                awaitAll(received, "both-", JOBS);

                // jobs scheduled through A, which dies before they are due
                Instant later = Instant.now().plusSeconds(4);
                for (int i = 0; i < JOBS; i++) {
                    viaA.scheduleJob(new ScheduleJobRequest("orphan-" + i, later.plusMillis(i))).block(TIMEOUT);
                }
            }
            a.kill();
            awaitAll(received, "orphan-", JOBS);
            // a run fired twice would show by now
            Thread.sleep(3_000);
            Map<String, Integer> twice = new TreeMap<>();
            received.forEach((name, n) -> {
                if (n.get() != 1) {
                    twice.put(name, n.get());
                }
            });
            assertEquals(Map.of(), twice, "jobs that reached the app more than once");
            assertEquals(2 * JOBS, received.size());
        } finally {
            a.close();
            if (b != null) {
                b.close();
            }
            app.stop(0);
        }
    }

    private static void awaitAll(Map<String, AtomicInteger> received, String prefix, int count)
            throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (received.keySet().stream().filter(n -> n.startsWith(prefix)).count() < count) {
            if (System.nanoTime() > end) {
                throw new AssertionError(prefix + " jobs that reached the app: "
                        + received.keySet().stream().filter(n -> n.startsWith(prefix)).count() + " of " + count);
            }
            Thread.sleep(100);
        }
    }
}
