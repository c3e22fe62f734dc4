package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Broker restart seen from the packaged sidecar: it subscribes (and publishes) through a
 * {@link BrokerProxy} in front of the shared broker; mid-run the proxy drops every connection
 * with a reset and refuses new ones for {@value #OUTAGE_MILLIS} ms, as a crashed and restarting
 * broker does, then lets them through again. Messages are published before, during and after
 * the outage; a publish that fails (the broker is down) is published again by the test, as a
 * publisher does, until the sidecar answers 204. Every message published must reach the app at
 * least once: the sidecar reconnects, the subscription resumes, nothing the broker accepted is
 * lost.
 *
 * <p>The shared Redis and RabbitMQ are never stopped: other tests and CI use them. The app is
 * {@link FlakyApp} (it refuses ~10% of first deliveries, so retries run across the outage too).
 */
class BrokerOutageIT {

    /** Messages per phase: before, during and after the outage. */
    static final int PER_PHASE = 200;
    static final long OUTAGE_MILLIS = 3_000;
    private static final Duration ARRIVAL = Duration.ofSeconds(90);
    /** How long a publisher keeps publishing one message again before the test fails. */
    private static final Duration PUBLISH_GIVE_UP = Duration.ofSeconds(60);
    private static final String PUBSUB = TestBroker.NAME;
    private static final String VARIANT = "outage";
    private static final String[] PHASES = { "before", "during", "after" };

    @AfterAll
    static void deleteRabbitMqTopology() {
        String run = E2e.RUN + "-" + VARIANT;
        String prefix = "e2e-" + run + "-";
        RabbitLeftovers.delete("e2e-" + run, List.of(TestBroker.topic(VARIANT + "-rabbitmq"),
                TestBroker.topic(VARIANT + "-rabbitmq-dead"), prefix + "declared"));
    }

    @ParameterizedTest
    @EnumSource(value = TestBroker.class, names = { "REDIS", "RABBITMQ" })
    void theSubscriptionResumesAfterTheBrokerIsBackAndNothingAcceptedIsLost(TestBroker broker) throws Exception {
        broker.requireReachable();
        String topic = TestBroker.topic(VARIANT + "-" + broker.id());
        String dead = TestBroker.topic(VARIANT + "-" + broker.id() + "-dead");
        try (BrokerProxy proxy = new BrokerProxy(broker.port());
                FlakyApp app = new FlakyApp(PUBSUB, topic, dead);
                Sidecar sidecar = Sidecar.start("pubsub-outage-" + broker.id(), broker.appId(VARIANT), List.of(
                        "-Dquapr.pubsub.max-attempts=12",
                        "-Dquapr.pubsub.initial-backoff=10ms",
                        "-Dquapr.pubsub.max-backoff=1s",
                        "-Dquapr.pubsub.delivery-timeout=5s"),
                        List.of(resources(broker, proxy)), app.port())) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            String publishUrl = sidecar.httpUrl() + "/v1.0/publish/" + PUBSUB + "/";
            PubSubReliabilityIT.awaitSubscribed(http, publishUrl, app, sidecar, topic, "/messages");
            AtomicInteger failedPublishes = new AtomicInteger();
            ExecutorService publishers = Executors.newFixedThreadPool(8);
            try {
                awaitAll(publish(publishers, http, publishUrl + topic, "before", failedPublishes));
                int arrivedBefore = app.arrivedCount();
                int connectionsBefore = proxy.accepted();

                proxy.down();
                long downAt = System.nanoTime();
                List<Future<?>> during = publish(publishers, http, publishUrl + topic, "during", failedPublishes);
                TestHttp.sleep(OUTAGE_MILLIS);
                proxy.up();
                long outageMillis = (System.nanoTime() - downAt) / 1_000_000;
                awaitAll(during);
                awaitAll(publish(publishers, http, publishUrl + topic, "after", failedPublishes));

                long deadline = System.nanoTime() + ARRIVAL.toNanos();
                while (app.arrivedCount() < 3 * PER_PHASE && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                List<String> missing = new ArrayList<>();
                for (String phase : PHASES) {
                    for (int i = 0; i < PER_PHASE; i++) {
                        if (!app.arrived(id(phase, i))) {
                            missing.add(id(phase, i));
                        }
                    }
                }
                System.out.printf("[broker-outage %s] published=%d arrived=%d (before the outage %d)"
                        + " failed-publish-attempts=%d outage=%d ms connections: %d before, %d after"
                        + " deliveries=%d redeliveries=%d 500s-answered=%d dead-lettered=%d%n", broker.id(),
                        3 * PER_PHASE, app.arrivedCount(), arrivedBefore, failedPublishes.get(), outageMillis,
                        connectionsBefore, proxy.accepted() - connectionsBefore, app.total(),
                        app.total() - app.distinct(), app.refused(), app.deadLettered());

                assertEquals(List.of(), missing, missing.size() + " of " + 3 * PER_PHASE
                        + " messages never arrived (the sidecar's log: " + sidecar.log() + ")");
                assertTrue(proxy.accepted() > connectionsBefore,
                        "the sidecar opened no new connection to the broker after the outage");
            } finally {
                publishers.shutdownNow();
            }
        }
    }

    /**
     * The broker's resources with its address replaced by the proxy's. Redis: pending messages
     * are reclaimed quickly (a read whose answer the outage swallowed stays pending). RabbitMQ:
     * queues that outlive their consumer, as a broker restart needs (auto-delete queues go with
     * the connection, and what they held with them; {@link #deleteRabbitMqTopology} removes them).
     */
    private static Path resources(TestBroker broker, BrokerProxy proxy) {
        Path dir = broker.resourcesThrough(VARIANT, proxy.port());
        if (broker == TestBroker.REDIS) {
            TestBroker.addMetadata(dir, Map.of("processingTimeout", "5s", "redeliverInterval", "500ms"));
        } else if (broker == TestBroker.RABBITMQ) {
            TestBroker.addMetadata(dir, Map.of("durable", "true", "deletedWhenUnused", "false"));
        }
        return dir;
    }

    /** The test's own id of message {@code i} of a phase, its {@code data.id}. */
    private static String id(String phase, int i) {
        return phase + "-" + String.format("%04d", i);
    }

    /**
     * Publishes the phase's messages on the pool; each is published again (after 100 ms) until
     * the sidecar answers 204, counting the attempts that did not.
     */
    private static List<Future<?>> publish(ExecutorService pool, HttpClient http, String url, String phase,
            AtomicInteger failed) {
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < PER_PHASE; i++) {
            String id = id(phase, i);
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\"}")).build();
            all.add(pool.submit(() -> {
                long deadline = System.nanoTime() + PUBLISH_GIVE_UP.toNanos();
                String last = "";
                while (System.nanoTime() < deadline) {
                    try {
                        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 204) {
                            return null;
                        }
                        last = r.statusCode() + " " + r.body();
                    } catch (IOException e) {
                        last = e.toString();
                    }
                    failed.incrementAndGet();
                    Thread.sleep(100);
                }
                throw new AssertionError("publishing " + id + " never got 204 within " + PUBLISH_GIVE_UP
                        + "; last answer: " + last);
            }));
        }
        return all;
    }

    private static void awaitAll(List<Future<?>> futures) throws Exception {
        for (Future<?> f : futures) {
            f.get(PUBLISH_GIVE_UP.toSeconds() + 30, TimeUnit.SECONDS);
        }
    }
}
