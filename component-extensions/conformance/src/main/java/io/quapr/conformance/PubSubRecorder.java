package io.quapr.conformance;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.quapr.spi.pubsub.Message;
import io.quapr.spi.pubsub.MessageHandler;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * The sidecar's side of a subscription, as the suite plays it: records every message handed
 * over, answers each one as a policy says (accept, or fail so that the broker redelivers), and
 * lets a case wait for what it expects. Messages are told apart by their bytes.
 */
final class PubSubRecorder implements MessageHandler {

    /** The failure the recorder answers with when its policy rejects a message. */
    static final class Rejected extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Rejected() {
            super("rejected on purpose by the conformance kit", null, false, false);
        }
    }

    private final BiPredicate<Message, Integer> accept;
    private final List<Message> deliveries = new ArrayList<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private final List<String> afterCancel = new ArrayList<>();
    private boolean cancelled;

    /**
     * @param accept given a message and how many times its bytes have now been delivered
     *        (1 the first time), whether to accept it
     */
    PubSubRecorder(BiPredicate<Message, Integer> accept) {
        this.accept = accept;
    }

    /** A recorder that accepts everything. */
    static PubSubRecorder acceptingAll() {
        return new PubSubRecorder((m, n) -> true);
    }

    /** Bytes as a string that keeps every byte (ISO-8859-1 maps bytes to chars one to one). */
    static String key(byte[] data) {
        return new String(data, ISO_8859_1);
    }

    @Override
    public Uni<Void> handle(Message message) {
        int n;
        synchronized (this) {
            if (message == null || message.data() == null) {
                afterCancel.add("a null message or null data was handed over");
                notifyAll();
                return Uni.createFrom().voidItem();
            }
            String key = key(message.data());
            if (cancelled) {
                afterCancel.add(key);
            }
            deliveries.add(message);
            n = counts.merge(key, 1, Integer::sum);
            notifyAll();
        }
        // the policy runs outside the lock: it may look at the recorder itself
        return accept.test(message, n) ? Uni.createFrom().voidItem() : Uni.createFrom().failure(new Rejected());
    }

    /** From now on any message handed over is a broken promise of {@code cancel()}. */
    synchronized void markCancelled() {
        cancelled = true;
    }

    /** What was handed over after {@link #markCancelled()}, by bytes as text. */
    synchronized List<String> deliveredAfterCancel() {
        return List.copyOf(afterCancel);
    }

    /** How many times these bytes were handed over. */
    synchronized int count(byte[] data) {
        return counts.getOrDefault(key(data), 0);
    }

    /** Every delivery so far, in order. */
    synchronized List<Message> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The first delivery of these bytes, or {@code null}. */
    synchronized Message first(byte[] data) {
        String key = key(data);
        for (Message m : deliveries) {
            if (key(m.data()).equals(key)) {
                return m;
            }
        }
        return null;
    }

    /** The distinct bytes (as text) of the deliveries matching {@code which}. */
    synchronized Set<String> distinct(Predicate<Message> which) {
        Set<String> seen = new LinkedHashSet<>();
        for (Message m : deliveries) {
            if (which.test(m)) {
                seen.add(key(m.data()));
            }
        }
        return seen;
    }

    /**
     * Waits until {@code done} holds of the recorder, or {@code timeout} passes.
     *
     * @return whether it holds
     */
    synchronized boolean await(Predicate<PubSubRecorder> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(this)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000), 0);
        }
        return true;
    }

    /** Waits until these bytes were handed over at least {@code times} times. */
    boolean awaitCount(byte[] data, int times, Duration timeout) throws InterruptedException {
        return await(r -> r.count(data) >= times, timeout);
    }
}
