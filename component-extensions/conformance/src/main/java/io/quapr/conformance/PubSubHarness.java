package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.quapr.spi.pubsub.Message;
import io.quapr.spi.pubsub.PubSub;
import io.quapr.spi.pubsub.PubSubFeature;
import io.quapr.spi.pubsub.PublishRequest;
import io.quapr.spi.pubsub.SubscribeRequest;
import io.quapr.spi.pubsub.Subscription;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the pub/sub cases share: the component, its hints, the waits, fresh topics and short-hand
 * calls. Every case works on new random topics ({@code conf-<uuid>}), so runs against a real
 * broker never see messages left by earlier runs.
 */
final class PubSubHarness {

    /**
     * The waits of the suite.
     *
     * @param delivery how long an expected message may take to arrive once published
     * @param live how long a new subscription may take to start receiving (Kafka's group join)
     * @param probeEvery how often a probe is published while waiting for a subscription to go live
     * @param quiet how long the suite watches for deliveries that must not happen
     */
    record Timings(Duration delivery, Duration live, Duration probeEvery, Duration quiet) {

        /** The waits used against real components. */
        static final Timings DEFAULT = new Timings(Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofMillis(500), Duration.ofSeconds(3));
    }

    private final PubSub pubsub;
    private final Set<PubSubFeature> features;
    private final boolean carriesContentType;
    private final PubSubHints hints;
    private final Timings timings;
    private final List<Subscription> open = new ArrayList<>();

    PubSubHarness(PubSub pubsub, boolean carriesContentType, PubSubHints hints, Timings timings) {
        this.pubsub = pubsub;
        this.features = Set.copyOf(pubsub.features());
        this.carriesContentType = carriesContentType;
        this.hints = hints;
        this.timings = timings;
    }

    PubSub pubsub() {
        return pubsub;
    }

    boolean has(PubSubFeature feature) {
        return features.contains(feature);
    }

    /** Whether {@code metadata.yaml} lists {@code contentType}, so content types must arrive exactly. */
    boolean carriesContentType() {
        return carriesContentType;
    }

    PubSubHints hints() {
        return hints;
    }

    Timings timings() {
        return timings;
    }

    /** A topic no earlier run used. */
    static String newTopic() {
        return "conf-" + UUID.randomUUID();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    void publish(String topic, byte[] data, String contentType) {
        publish(topic, data, contentType, Map.of());
    }

    void publish(String topic, byte[] data, String contentType, Map<String, String> metadata) {
        Ops.await(pubsub.publish(new PublishRequest(topic, data, contentType, metadata)));
    }

    /** Publishes all at once, as a busy sidecar does, and waits for every broker acceptance. */
    void publishAll(String topic, List<byte[]> messages, String contentType) {
        List<Uni<Void>> sends = new ArrayList<>();
        for (byte[] m : messages) {
            sends.add(pubsub.publish(new PublishRequest(topic, m, contentType, Map.of())));
        }
        Ops.await(Uni.join().all(sends).andFailFast().replaceWithVoid());
    }

    /** Subscribes; the subscription is cancelled by {@link #cancelAll()} if the case does not. */
    Subscription subscribe(String topic, PubSubRecorder recorder) {
        Subscription s = Ops.await(pubsub.subscribe(new SubscribeRequest(topic, Map.of()), recorder));
        assertNotNull(s, "subscribe(" + topic + ") answered a null subscription");
        synchronized (open) {
            open.add(s);
        }
        return s;
    }

    /** Cancels, then tells the recorder that nothing may arrive any more. */
    void cancel(Subscription s, PubSubRecorder recorder) {
        synchronized (open) {
            open.remove(s);
        }
        Ops.await(s.cancel());
        recorder.markCancelled();
    }

    /** Cancels what a case left open (after a failure, say); never fails. */
    void cancelAll() {
        List<Subscription> left;
        synchronized (open) {
            left = new ArrayList<>(open);
            open.clear();
        }
        for (Subscription s : left) {
            try {
                Ops.await(s.cancel());
            } catch (RuntimeException | AssertionError ignored) {
                // the case has already failed or passed; a clean-up error would hide which
            }
        }
    }

    /**
     * Subscribes and returns once the subscription provably receives: brokers may need a moment
     * after {@code subscribe} completes (a consumer group joining, a queue binding) during which
     * a published message is missed. Probes ({@link #isProbe}) are published every
     * {@link Timings#probeEvery} until one arrives; their bytes name the topic.
     */
    Subscription subscribeLive(String topic, PubSubRecorder recorder) throws InterruptedException {
        Subscription s = subscribe(topic, recorder);
        awaitLive(topic, recorder);
        return s;
    }

    /** Publishes probes to {@code topic} until {@code recorder} gets one. */
    void awaitLive(String topic, PubSubRecorder recorder) throws InterruptedException {
        long deadline = System.nanoTime() + timings.live().toNanos();
        for (int n = 0;; n++) {
            publish(topic, utf8(PROBE + topic + ":" + n), "text/plain");
            if (recorder.await(r -> !r.distinct(m -> isProbe(m, topic)).isEmpty(), timings.probeEvery())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("nothing published to " + topic + " arrived within " + timings.live().toSeconds()
                        + " s of subscribing (" + (n + 1) + " probes published)");
            }
        }
    }

    private static final String PROBE = "conformance-probe:";

    /** Whether the message is a probe published to {@code topic} by {@link #awaitLive}. */
    static boolean isProbe(Message m, String topic) {
        return PubSubRecorder.key(m.data()).startsWith(PROBE + topic + ":");
    }

    /** Whether the message is any probe. */
    static boolean isProbe(Message m) {
        return PubSubRecorder.key(m.data()).startsWith(PROBE);
    }

    /** Waits for these bytes to arrive once, failing after {@link Timings#delivery}. */
    void awaitDelivered(PubSubRecorder recorder, byte[] data, String what) throws InterruptedException {
        if (!recorder.awaitCount(data, 1, timings.delivery())) {
            fail(what + " did not arrive within " + timings.delivery().toSeconds() + " s of publishing");
        }
    }

    /** Watches for {@link Timings#quiet}: deliveries that must not happen get their chance to. */
    void quietPeriod() throws InterruptedException {
        Thread.sleep(timings.quiet().toMillis());
    }
}
