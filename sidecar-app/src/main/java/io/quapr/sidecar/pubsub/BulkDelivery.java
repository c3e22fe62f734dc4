package io.quapr.sidecar.pubsub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quapr.sidecar.resiliency.PermanentFailure;
import io.quapr.sidecar.resiliency.PolicyRunner;
import io.quapr.spi.pubsub.Message;
import io.quapr.spi.pubsub.MessageHandler;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Bulk subscribe: gathers a subscription's messages into batches (flushed at
 * {@code maxMessagesCount}, default 100, or {@code maxAwaitDurationMs}, default 1000, after the
 * first), reads and routes each as {@link TopicDelivery} does, and hands each route's batch to
 * the app in one call. The app answers per entry; entries to retry are sent again, alone, under
 * the subscription's inbound resiliency policy ({@link PolicyRunner}); dropped and exhausted
 * entries are dead-lettered or dropped.
 * Each message is acknowledged as soon as its own outcome is settled.
 *
 * <p>
 * Bounded like single deliveries: at most {@code max(max-in-flight, maxMessagesCount)} messages
 * of the subscription are under way at once, from joining a batch until their outcome is settled
 * (retries included); further messages wait, in arrival order, without a thread. The bound is
 * never below one full batch (so a batch can always fill up and go by count), and with the
 * defaults (64 and 100) it gives daprd's behaviour: one full batch at the app at a time, the next
 * one filling as the entries of the first are settled.
 */
final class BulkDelivery implements MessageHandler {

    private static final Logger LOG = Logger.getLogger(BulkDelivery.class);

    private final SubscriptionSpec subscription;
    private final String namespacePrefix;
    private final BulkPostman postman;
    private final PolicyRunner policy;
    private final BooleanSupplier closing;
    private final DeadLetters deadLetters;
    private final int maxCount;
    private final Duration maxAwait;
    private final Boolean rawPayload;
    private final InFlightLimit limit;

    private final List<Pending> buffer = new ArrayList<>();
    private Cancellable timer;

    /** A message waiting for its outcome. */
    private record Pending(Message message, UniEmitter<? super Void> done) {
    }

    /** A message read and routed, ready to go in a batch. */
    private record Ready(Pending pending, BulkPostman.Entry entry) {
    }

    BulkDelivery(SubscriptionSpec subscription, String namespacePrefix, BulkPostman postman, PubSubService publisher,
            PolicyRunner policy, int maxInFlight, BooleanSupplier closing) {
        this.subscription = subscription;
        this.namespacePrefix = namespacePrefix;
        this.postman = postman;
        this.policy = policy;
        this.closing = closing;
        this.deadLetters = new DeadLetters(subscription, publisher);
        this.maxCount = subscription.bulk().maxMessagesCount() > 0 ? subscription.bulk().maxMessagesCount() : 100;
        this.maxAwait = Duration.ofMillis(
                subscription.bulk().maxAwaitDurationMs() > 0 ? subscription.bulk().maxAwaitDurationMs() : 1000);
        String raw = subscription.metadata().get("rawPayload");
        this.rawPayload = raw == null || raw.isEmpty() ? Boolean.FALSE : GoBool.parse(raw);
        this.limit = new InFlightLimit(Math.max(maxInFlight, maxCount));
    }

    @Override
    public Uni<Void> handle(Message message) {
        if (closing.getAsBoolean()) {
            return TopicDelivery.shuttingDown();
        }
        // the slot is held from joining a batch until the message's outcome is settled
        return limit.run(() -> Uni.createFrom().<Void>emitter(done -> add(new Pending(message, done))));
    }

    private void add(Pending p) {
        List<Pending> full = null;
        synchronized (buffer) {
            buffer.add(p);
            if (buffer.size() >= maxCount) {
                full = take();
            } else if (buffer.size() == 1) {
                timer = Uni.createFrom().voidItem().onItem().delayIt().by(maxAwait).subscribe().with(v -> {
                    List<Pending> due;
                    synchronized (buffer) {
                        due = take();
                    }
                    flush(due);
                });
            }
        }
        if (full != null) {
            flush(full);
        }
    }

    /** Empties the buffer; call holding its lock. */
    private List<Pending> take() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        List<Pending> batch = new ArrayList<>(buffer);
        buffer.clear();
        return batch;
    }

    private void flush(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, List<Ready>> byPath = new LinkedHashMap<>();
        for (Pending p : batch) {
            if (closing.getAsBoolean()) {
                settle(p, TopicDelivery.shuttingDown());
                continue;
            }
            Message m = p.message();
            if (rawPayload == null) {
                settle(p, deadLetters.send(m, "subscription metadata rawPayload must be a valid boolean"));
                continue;
            }
            String entryId = RandomIds.uuid();
            ObjectNode ce = null;
            if (!rawPayload) {
                ce = CloudEvents.parseObject(m.data());
                if (ce == null) {
                    settle(p, deadLetters.send(m, "the message is not a CloudEvent (not a JSON object)"));
                    continue;
                }
                TopicDelivery.traceFallback(ce, m.metadata());
                if (TopicDelivery.expired(ce)) {
                    LOG.warnf("dropping expired pub/sub event %s as of %s", ce.path("id").asText(),
                            ce.path("expiration").asText());
                    settle(p, deadLetters.send(m, null));
                    continue;
                }
            }
            SubscriptionSpec.Rule rule;
            try {
                rule = subscription.route(ce == null ? Map.of() : TopicDelivery.toValues(ce));
            } catch (RuntimeException e) {
                settle(p, deadLetters.send(m, "error finding a matching route: " + e.getMessage()));
                continue;
            }
            if (rule == null) {
                settle(p, deadLetters.send(m, null));
                continue;
            }
            String contentType = m.contentType() != null && !m.contentType().isEmpty()
                    ? m.contentType()
                    : rawPayload ? ContentTypes.OCTET_STREAM : ContentTypes.CLOUD_EVENT_JSON;
            byPath.computeIfAbsent(rule.path(), k -> new ArrayList<>()).add(new Ready(p,
                    new BulkPostman.Entry(entryId, ce, m.data(), contentType, m.metadata())));
        }
        String topic = batch.isEmpty()
                ? subscription.topic()
                : TopicDelivery.appTopic(batch.get(0).message().topic(), namespacePrefix, subscription.topic());
        byPath.forEach((path, ready) -> deliver(topic, path, ready));
    }

    /**
     * Sends a route's batch under the subscription's inbound policy: each attempt sends the
     * entries still unsettled; entries the app takes or drops are settled as their answers come,
     * those it asks to retry make the attempt fail. What is left when the policy gives up is
     * dead-lettered or dropped.
     */
    private void deliver(String topic, String path, List<Ready> ready) {
        List<Ready> remaining = new ArrayList<>(ready);
        policy.run(() -> {
            if (closing.getAsBoolean()) {
                return Uni.createFrom().<Void>failure(new PermanentFailure(new IllegalStateException("shutting down")));
            }
            List<Ready> sending;
            synchronized (remaining) {
                sending = List.copyOf(remaining);
            }
            BulkPostman.Batch batch = new BulkPostman.Batch(subscription.pubsub(), topic, path,
                    sending.stream().map(Ready::entry).toList(), Map.of("pubsubName", subscription.pubsub()));
            return Uni.createFrom().deferred(() -> postman.deliver(batch)).onFailure()
                    .recoverWithItem(e -> HttpBulkPostman.every(batch, AppOutcome.RETRY)).chain(outcomes -> {
                        List<Ready> again = new ArrayList<>();
                        for (Ready r : sending) {
                            switch (outcomes.getOrDefault(r.entry().entryId(), AppOutcome.RETRY)) {
                                case SUCCESS -> settle(r.pending(), Uni.createFrom().voidItem());
                                case DROP -> settle(r.pending(), deadLetters.send(r.pending().message(), null));
                                case RETRY -> again.add(r);
                            }
                        }
                        synchronized (remaining) {
                            remaining.clear();
                            remaining.addAll(again);
                        }
                        return again.isEmpty()
                                ? Uni.createFrom().voidItem()
                                : Uni.createFrom().<Void>failure(new TopicDelivery.AppRefused(again.size()
                                        + " bulk entries"));
                    });
        }).subscribe().with(v -> {
        }, failure -> {
            List<Ready> left;
            synchronized (remaining) {
                left = List.copyOf(remaining);
            }
            if (closing.getAsBoolean()) {
                left.forEach(r -> settle(r.pending(), TopicDelivery.shuttingDown()));
            } else {
                left.forEach(r -> settle(r.pending(), deadLetters.send(r.pending().message(),
                        "the app did not take a bulk entry within the retry policy of " + policy.policy().target())));
            }
        });
    }

    /** Ends a message's handling with the outcome of the given work. */
    private static void settle(Pending p, Uni<Void> outcome) {
        outcome.subscribe().with(v -> p.done().complete(null), p.done()::fail);
    }
}
