package io.quapr.components.pubsub.inmemory;

import io.quapr.spi.pubsub.Message;
import io.quapr.spi.pubsub.MessageHandler;
import io.quapr.spi.pubsub.Subscription;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One subscription of {@link InMemoryPubSub}: its own queue of messages waiting for the
 * handler, at most {@code concurrency} of them handed over at once, and redelivery of the ones
 * whose handler failed.
 *
 * <p>
 * All of its state is touched on one Vert.x context only (tasks from other threads hop onto it),
 * so it needs no lock, and the handler is always called on that context's event loop. A message
 * leaves the subscription only when its handler succeeds or the subscription is cancelled: a
 * failed one waits {@code redeliverInterval}, doubled on each further failure of the same
 * message up to {@link #MAX_BACKOFF}, and goes back to the head of the queue.
 */
final class TopicSubscription implements Subscription {

    /** The longest wait between two deliveries of a message whose handler keeps failing. */
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private static final Logger LOG = Logger.getLogger(TopicSubscription.class);

    /** A message and how many times its handler has failed so far. */
    private record Pending(Message message, int failures) {
    }

    private final String topic;
    private final MessageHandler handler;
    private final int concurrency;
    private final Duration redeliverInterval;
    private final Vertx vertx;
    private final Context context;
    private final Consumer<TopicSubscription> onCancel;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Set<Long> timers = new HashSet<>();
    private int inFlight;
    private boolean cancelled;

    TopicSubscription(String topic, MessageHandler handler, int concurrency, Duration redeliverInterval, Vertx vertx,
            Consumer<TopicSubscription> onCancel) {
        this.topic = topic;
        this.handler = handler;
        this.concurrency = concurrency;
        this.redeliverInterval = redeliverInterval;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.onCancel = onCancel;
    }

    /**
     * Whether a message published to {@code published} is for this subscription: the same name,
     * or, for a subscription ending in {@code *}, any longer name starting with what precedes
     * the star (Dapr's in-memory wildcard).
     */
    boolean matches(String published) {
        if (topic.endsWith("*")) {
            String prefix = topic.substring(0, topic.length() - 1);
            return published.length() > prefix.length() && published.startsWith(prefix);
        }
        return topic.equals(published);
    }

    /** Queues a message; callable from any thread. */
    void offer(Message message) {
        context.runOnContext(v -> {
            if (!cancelled) {
                queue.addLast(new Pending(message, 0));
                drain();
            }
        });
    }

    /** Hands queued messages to the handler while fewer than {@code concurrency} are out. */
    private void drain() {
        while (!cancelled && inFlight < concurrency && !queue.isEmpty()) {
            Pending next = queue.pollFirst();
            inFlight++;
            Uni<Void> outcome;
            try {
                outcome = handler.handle(next.message());
            } catch (RuntimeException e) {
                outcome = Uni.createFrom().failure(e);
            }
            if (outcome == null) {
                outcome = Uni.createFrom().failure(new IllegalStateException("the handler answered null"));
            }
            outcome.subscribe().with(
                    ok -> context.runOnContext(v -> done()),
                    failure -> context.runOnContext(v -> failed(next, failure)));
        }
    }

    private void done() {
        inFlight--;
        drain();
    }

    private void failed(Pending p, Throwable failure) {
        inFlight--;
        if (cancelled) {
            return;
        }
        Duration wait = backoff(redeliverInterval, p.failures());
        LOG.debugf("message on %s not taken (%s); handing it over again in %d ms", topic, failure, wait.toMillis());
        long[] id = new long[1];
        id[0] = vertx.setTimer(Math.max(1, wait.toMillis()), t -> {
            timers.remove(id[0]);
            if (!cancelled) {
                queue.addFirst(new Pending(p.message(), p.failures() + 1));
                drain();
            }
        });
        timers.add(id[0]);
        drain();
    }

    /**
     * The wait before the next delivery of a message whose handler failed {@code failures + 1}
     * times: the interval, doubled per earlier failure, never above {@link #MAX_BACKOFF} (or
     * the interval itself, if that is longer).
     */
    static Duration backoff(Duration interval, int failures) {
        Duration cap = interval.compareTo(MAX_BACKOFF) > 0 ? interval : MAX_BACKOFF;
        Duration wait = interval;
        for (int i = 0; i < failures && wait.compareTo(cap) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(cap) > 0 ? cap : wait;
    }

    /**
     * Stops handing messages over; queued and waiting ones are dropped (nothing outlives the
     * subscription in memory), in-flight ones are left to finish unacknowledged.
     */
    @Override
    public Uni<Void> cancel() {
        return Uni.createFrom().emitter(em -> context.runOnContext(v -> {
            if (!cancelled) {
                cancelled = true;
                queue.clear();
                timers.forEach(vertx::cancelTimer);
                timers.clear();
                onCancel.accept(this);
            }
            em.complete(null);
        }));
    }

    /** The topic as subscribed, wildcard included. */
    String topic() {
        return topic;
    }
}
