package io.quapr.components.pubsub.inmemory;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.MetadataException;
import io.quapr.spi.pubsub.Message;
import io.quapr.spi.pubsub.MessageHandler;
import io.quapr.spi.pubsub.PubSub;
import io.quapr.spi.pubsub.PubSubFeature;
import io.quapr.spi.pubsub.PublishRequest;
import io.quapr.spi.pubsub.SubscribeRequest;
import io.quapr.spi.pubsub.Subscription;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.Dependent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code pubsub.in-memory}: topics held in the sidecar's memory, private to one sidecar, the
 * embedded default pub/sub.
 *
 * <p>
 * As with Dapr's in-memory pub/sub, a message goes to every subscription whose topic matches
 * when it is published (a subscription topic ending in {@code *} matches every longer topic
 * starting with the rest), and a message published while no subscription matches is dropped:
 * nothing is kept for later subscribers, nothing survives a restart. Publish metadata travels
 * with the message as its metadata; the content type travels too.
 *
 * <p>
 * Unlike Dapr's, which runs one handler at a time per subscription and loses a message whose
 * handler fails, each subscription here queues its messages without blocking the publisher,
 * hands up to {@code concurrency} of them to the handler at once (by default all: the sidecar
 * bounds its deliveries itself), and keeps a message until its
 * handler succeeds: a failure brings it back after {@code redeliverInterval} (doubling per
 * further failure, up to a minute), for as long as the subscription lasts. Queues are bounded
 * only by memory.
 */
@Dependent
@ComponentType("pubsub.in-memory")
public class InMemoryPubSub implements PubSub {

    /**
     * Messages one subscription hands over at once unless {@code concurrency} says otherwise: no
     * bound of its own, so the sidecar's one bound ({@code quapr.pubsub.max-in-flight}) applies.
     * A bound of 10 here made delivery latency-bound: 10 messages per app round trip, which on a
     * busy machine (round trips of 10 ms and more) fell below the publish rate, and the queue in
     * front of it turned each dip into seconds of delay for every message behind.
     */
    static final int DEFAULT_CONCURRENCY = Integer.MAX_VALUE;

    /** The first wait before a message whose handler failed is handed over again. */
    static final Duration DEFAULT_REDELIVER_INTERVAL = Duration.ofSeconds(1);

    private static final Set<PubSubFeature> FEATURES = Set.of(PubSubFeature.SUBSCRIBE_WILDCARDS);

    private final List<TopicSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private Vertx vertx;
    private int concurrency = DEFAULT_CONCURRENCY;
    private Duration redeliverInterval = DEFAULT_REDELIVER_INTERVAL;

    /** The pub/sub as the sidecar creates it; {@link #init} reads its settings. */
    public InMemoryPubSub() {
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        return Uni.createFrom().item(() -> {
            int c = metadata.integer("concurrency", DEFAULT_CONCURRENCY);
            if (c < 1) {
                throw new MetadataException("metadata key 'concurrency' must be at least 1, not " + c);
            }
            Duration interval = metadata.duration("redeliverInterval", DEFAULT_REDELIVER_INTERVAL);
            if (interval.isNegative() || interval.isZero()) {
                throw new MetadataException("metadata key 'redeliverInterval' must be positive, not " + interval);
            }
            concurrency = c;
            redeliverInterval = interval;
            vertx = context.vertx();
            return null;
        });
    }

    @Override
    public Set<PubSubFeature> features() {
        return FEATURES;
    }

    @Override
    public Uni<Void> publish(PublishRequest request) {
        return Uni.createFrom().item(() -> {
            if (closed) {
                throw new IllegalStateException("pubsub.in-memory is closed");
            }
            byte[] data = request.data() == null ? new byte[0] : request.data();
            Map<String, String> metadata = request.metadata() == null
                    ? Map.of()
                    : Collections.unmodifiableMap(new LinkedHashMap<>(request.metadata()));
            for (TopicSubscription s : subscriptions) {
                if (s.matches(request.topic())) {
                    // a copy each: one subscriber's handler cannot change what another one sees
                    s.offer(new Message(request.topic(), data.clone(), request.contentType(), metadata));
                }
            }
            return null;
        });
    }

    @Override
    public Uni<Subscription> subscribe(SubscribeRequest request, MessageHandler handler) {
        return Uni.createFrom().item(() -> {
            if (closed) {
                throw new IllegalStateException("pubsub.in-memory is closed");
            }
            TopicSubscription s = new TopicSubscription(request.topic(), handler, concurrency, redeliverInterval, vertx,
                    subscriptions::remove);
            subscriptions.add(s);
            return s;
        });
    }

    /** Cancels every subscription; publishing afterwards fails. */
    @Override
    public Uni<Void> close() {
        closed = true;
        List<Uni<Void>> cancels = new ArrayList<>();
        for (TopicSubscription s : subscriptions) {
            cancels.add(s.cancel());
        }
        return cancels.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(cancels).andFailFast().replaceWithVoid();
    }
}
