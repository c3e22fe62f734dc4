package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * At-least-once with nothing lost: {@value #MESSAGES} messages are published through the
 * sidecar's HTTP API while the subscribing app ({@link FlakyApp}) refuses a fixed ~10% of first
 * deliveries with 500 and is stopped (connection refused) for {@value #OUTAGE_MILLIS} ms once
 * mid-run, then started again on the same port. Every message must arrive at least once; the
 * redeliveries are counted and printed.
 *
 * <p>The sidecar's delivery retries are made short but long enough to outlast the outage
 * ({@value #ATTEMPTS} attempts, 10 ms doubling up to 1 s: about 5.3 s of retrying), so no message
 * is legitimately given up on. The subscription still has a dead-letter topic the app reads, and
 * a message arriving there counts as arrived (reported apart), since that is the policy's
 * promise: delivered, or dead-lettered, never lost.
 *
 * <p>Runs on each broker folder listed in the {@link EnumSource} with its own app id, consumer
 * group and topics ({@link TestBroker#resources(String)}).
 */
class PubSubReliabilityIT {

    static final int MESSAGES = 10_000;
    static final int ATTEMPTS = 12;
    static final long OUTAGE_MILLIS = 2_000;
    /** Publishes in flight at once. */
    private static final int CONCURRENCY = 32;
    /** How long, after the last publish, every message may take to arrive. */
    private static final Duration ARRIVAL = Duration.ofSeconds(90);
    /** The outage starts once this many messages arrived: mid-run, with most still to come. */
    private static final int OUTAGE_AFTER = MESSAGES * 3 / 10;
    private static final String PUBSUB = TestBroker.NAME;
    private static final String VARIANT = "reliability";

    @ParameterizedTest
    @EnumSource(value = TestBroker.class, names = { "REDIS", "IN_MEMORY" })
    void everyMessageArrivesAtLeastOnceThroughRefusalsAndAnAppOutage(TestBroker broker) throws Exception {
        broker.requireReachable();
        String topic = TestBroker.topic(VARIANT + "-" + broker.id());
        String dead = TestBroker.topic(VARIANT + "-" + broker.id() + "-dead");
        try (FlakyApp app = new FlakyApp(PUBSUB, topic, dead);
                Sidecar sidecar = Sidecar.start("pubsub-reliability-" + broker.id(), broker.appId(VARIANT), List.of(
                        "-Dquapr.pubsub.max-attempts=" + ATTEMPTS,
                        "-Dquapr.pubsub.initial-backoff=10ms",
                        "-Dquapr.pubsub.max-backoff=1s",
                        "-Dquapr.pubsub.delivery-timeout=5s",
                        "-Dquapr.pubsub.app-connect-max-backoff=500ms"),
                        List.of(broker.resources(VARIANT)), app.port())) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            String publishUrl = sidecar.httpUrl() + "/v1.0/publish/" + PUBSUB + "/";
            awaitSubscribed(http, publishUrl, app, sidecar, topic, "/messages");
            awaitSubscribed(http, publishUrl, app, sidecar, dead, "/dead");

            long started = System.nanoTime();
            Outage outage = new Outage(app);
            outage.start();
            Map<String, String> publishFailures = publish(http, publishUrl + topic);
            long published = System.nanoTime();
            outage.join(ARRIVAL.toMillis());

            long deadline = System.nanoTime() + ARRIVAL.toNanos();
            while (app.arrivedCount() < MESSAGES && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long done = System.nanoTime();
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                if (!app.arrived(id(i))) {
                    missing.add(id(i) + " (delivered " + app.deliveries(id(i)) + " times)");
                }
            }
            long total = app.total();
            // the sidecar logs each delivery it could not make; during the outage: connection refused
            long refusedConnections = Files.readAllLines(sidecar.log()).stream()
                    .filter(l -> l.contains("Connection refused")).count();
            System.out.printf("[reliability %s] published=%d publish-failures=%d arrived=%d distinct-delivered=%d"
                    + " total-deliveries=%d redeliveries=%d 500s-answered=%d dead-lettered=%d"
                    + " outage=%d ms after %d arrived (restarted at %d arrived, %d connections refused)"
                    + " publish-time=%d ms"
                    + " time-taken=%d ms%n", broker.id(), MESSAGES - publishFailures.size(), publishFailures.size(),
                    app.arrivedCount(), app.distinct(), total, total - app.distinct(), app.refused(),
                    app.deadLettered(),
                    outage.millis, outage.stoppedAt, outage.restartedAt, refusedConnections,
                    (published - started) / 1_000_000,
                    (done - started) / 1_000_000);

            assertTrue(publishFailures.isEmpty(), publishFailures.size() + " publishes did not get 204, e.g. "
                    + publishFailures.entrySet().stream().limit(5).toList());
            assertTrue(outage.error == null, "the app could not be stopped and restarted: " + outage.error);
            assertTrue(outage.stoppedAt > 0 && outage.stoppedAt < MESSAGES,
                    "the outage was not mid-run: it began after " + outage.stoppedAt + " messages arrived");
            assertTrue(refusedConnections > 0, "no delivery met the stopped app (no 'Connection refused' in "
                    + sidecar.log() + ")");
            assertEquals(List.of(), missing, missing.size() + " of " + MESSAGES + " messages never arrived"
                    + " (the sidecar's log: " + sidecar.log() + ")");
            assertTrue(app.refused() > MESSAGES / 20, "the app refused only " + app.refused() + " deliveries");
            assertTrue(total - app.distinct() >= app.refused(),
                    "every refused delivery must be redelivered: " + (total - app.distinct()) + " redeliveries, "
                            + app.refused() + " refusals");
        }
    }

    /** The test's own id of message {@code i}, its {@code data.id}. */
    private static String id(int i) {
        return String.format("m-%05d", i);
    }

    /**
     * Publishes every message, at most {@value #CONCURRENCY} at once, and returns those whose
     * publish did not answer 204 (id to status or error).
     */
    private static Map<String, String> publish(HttpClient http, String url) throws InterruptedException {
        Map<String, String> failures = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(CONCURRENCY);
        List<CompletableFuture<?>> all = new ArrayList<>(MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            String id = id(i);
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\",\"n\":" + i + "}")).build();
            inFlight.acquire();
            all.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                inFlight.release();
                if (e != null) {
                    failures.put(id, e.toString());
                } else if (r.statusCode() != 204) {
                    failures.put(id, r.statusCode() + " " + r.body());
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return failures;
    }

    /**
     * Publishes a probe every 300 ms until one reaches {@code path}: the subscriptions start in the
     * background once the sidecar has read the app's, and in-memory keeps nothing for a topic
     * nobody subscribes to yet.
     */
    static void awaitSubscribed(HttpClient http, String publishUrl, FlakyApp app, Sidecar sidecar,
            String topic, String path) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        AtomicInteger n = new AtomicInteger();
        List<String> sent = new ArrayList<>();
        while (true) {
            String probe = "probe-" + n.incrementAndGet();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(publishUrl + topic))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + probe + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(204, r.statusCode(), "publish of a probe to " + topic + ": " + r.body());
            sent.add(probe);
            long until = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < until) {
                if (sent.stream().anyMatch(p -> app.probed(path, p))) {
                    return;
                }
                Thread.sleep(20);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no probe published to " + topic + " reached " + path + " within 60 s;"
                        + " the sidecar's log:\n" + sidecar.logTail());
            }
        }
    }

    /** Stops the app once {@value #OUTAGE_AFTER} messages arrived, and starts it again after the outage. */
    private static final class Outage extends Thread {

        private final FlakyApp app;
        volatile int stoppedAt;
        volatile int restartedAt;
        volatile long millis;
        volatile Throwable error;

        Outage(FlakyApp app) {
            super("app-outage");
            setDaemon(true);
            this.app = app;
        }

        @Override
        public void run() {
            try {
                long deadline = System.nanoTime() + ARRIVAL.toNanos();
                while (app.arrivedCount() < OUTAGE_AFTER && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                stoppedAt = app.arrivedCount();
                long t0 = System.nanoTime();
                app.stop();
                Thread.sleep(OUTAGE_MILLIS);
                restartedAt = app.arrivedCount();
                app.start();
                millis = (System.nanoTime() - t0) / 1_000_000;
            } catch (Throwable e) {
                error = e;
                app.start();
            }
        }
    }
}
