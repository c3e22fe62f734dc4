package io.quapr.sidecar.testing.pubsub;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test fixture component ({@code pubsub.test-memory}): a broker in memory with the SPI's
 * at-least-once contract (a failed handler means redelivery), so the sidecar's publish and
 * delivery paths are tested without a server. Tests read what was published through
 * {@link #published(String, String)}.
 */
@Dependent
@ComponentType("pubsub.test-memory")
public class MemoryPubSub implements PubSub {

    private static final Map<String, MemoryPubSub> INSTANCES = new ConcurrentHashMap<>();

    private final Map<String, List<PublishRequest>> published = new ConcurrentHashMap<>();
    private final Map<String, List<MessageHandler>> subscribers = new ConcurrentHashMap<>();
    private final AtomicInteger redeliveries = new AtomicInteger();
    private Set<PubSubFeature> features = EnumSet.noneOf(PubSubFeature.class);
    private Set<String> failTopics = Set.of();
    private Vertx vertx;
    private volatile boolean closed;

    /** What was published to a topic of the component with this name, in order. */
    public static List<PublishRequest> published(String component, String topic) {
        MemoryPubSub p = INSTANCES.get(component);
        return p == null ? List.of() : List.copyOf(p.published.getOrDefault(topic, List.of()));
    }

    /** Whether something subscribed to the topic of the component with this name. */
    public static boolean subscribed(String component, String topic) {
        MemoryPubSub p = INSTANCES.get(component);
        return p != null && !p.subscribers.getOrDefault(topic, List.of()).isEmpty();
    }

    /** How many times a message was handed over again after its handler failed. */
    public static int redeliveries(String component) {
        MemoryPubSub p = INSTANCES.get(component);
        return p == null ? 0 : p.redeliveries.get();
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        vertx = context.vertx();
        EnumSet<PubSubFeature> f = EnumSet.noneOf(PubSubFeature.class);
        for (String name : metadata.string("features", "").split(",")) {
            if (!name.isBlank()) {
                f.add(PubSubFeature.valueOf(name.trim()));
            }
        }
        features = f;
        failTopics = Set.of(metadata.string("failTopics", "").split(","));
        INSTANCES.put(metadata.componentName(), this);
        return Uni.createFrom().voidItem();
    }

    @Override
    public Set<PubSubFeature> features() {
        return features;
    }

    @Override
    public Uni<Void> publish(PublishRequest request) {
        if (failTopics.contains(request.topic())) {
            return Uni.createFrom().failure(new IllegalStateException("broker refused topic " + request.topic()));
        }
        published.computeIfAbsent(request.topic(), t -> new CopyOnWriteArrayList<>()).add(request);
        Message m = new Message(request.topic(), request.data(), request.contentType(),
                Map.of("test-broker", "memory"));
        for (MessageHandler h : new ArrayList<>(subscribers.getOrDefault(request.topic(), List.of()))) {
            deliver(h, m, 0);
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Subscription> subscribe(SubscribeRequest request, MessageHandler handler) {
        subscribers.computeIfAbsent(request.topic(), t -> new CopyOnWriteArrayList<>()).add(handler);
        return Uni.createFrom().item(() -> () -> {
            subscribers.getOrDefault(request.topic(), List.of()).remove(handler);
            return Uni.createFrom().voidItem();
        });
    }

    @Override
    public Uni<Void> close() {
        closed = true;
        return Uni.createFrom().voidItem();
    }

    /** Hands a message over; a failed handler gets it again a little later, as from a broker. */
    private void deliver(MessageHandler handler, Message m, long delayMs) {
        Runnable send = () -> Uni.createFrom().deferred(() -> handler.handle(m)).subscribe().with(ok -> {
        }, failure -> {
            if (!closed) {
                redeliveries.incrementAndGet();
                deliver(handler, m, 50);
            }
        });
        if (delayMs == 0) {
            vertx.runOnContext(v -> send.run());
        } else {
            vertx.setTimer(delayMs, id -> send.run());
        }
    }
}
