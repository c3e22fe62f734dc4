package io.quapr.components.pubsub.rabbitmq;

import com.rabbitmq.client.BasicProperties;
import io.quapr.components.rabbitmq.Outgoing;
import io.quapr.components.rabbitmq.Publisher;
import io.quapr.components.rabbitmq.QueueSubscription;
import io.quapr.components.rabbitmq.RabbitMqSettings;
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
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.rabbitmq.RabbitMQMessage;
import jakarta.enterprise.context.Dependent;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Dapr's {@code pubsub.rabbitmq} on the Vert.x RabbitMQ client, with daprd's topology so that
 * daprd and this sidecar can publish and subscribe through one broker: each topic is an
 * exchange named after it ({@code exchangeKind}, fanout by default), each subscriber app has a
 * queue {@code <consumerID>-<topic>} bound to it, and messages carry daprd's AMQP properties.
 *
 * <p>
 * Delivery is at least once: a message is acknowledged only after the sidecar's handler
 * completes, and a message the sidecar could not take is nacked and requeued. Each subscription
 * has its own connection and reconnects by itself after the broker goes away (see
 * {@link QueueSubscription}); publishing uses one more connection and, by default, publisher
 * confirms, so a publish completes only once the broker has the message (see {@link Publisher}).
 *
 * <p>
 * Defaults that differ from daprd's, because the SPI's at-least-once contract needs them:
 * {@code requeueInFailure} is true (daprd: false, where a failed handler means the app gave up;
 * here the sidecar has already dead-lettered or dropped such a message and a failure means it
 * could not take the message at all) and {@code publisherConfirm} is true (daprd: false).
 * Subscription metadata read here: {@code queueName}, {@code routingKey}, {@code queueType},
 * {@code maxPriority}, {@code singleActiveConsumer}, {@code maxLen}, {@code maxLenBytes}.
 */
@Dependent
@ComponentType("pubsub.rabbitmq")
public class RabbitMqPubSub implements PubSub {

    private final Set<QueueSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private RabbitMqSettings settings;
    private Vertx vertx;
    private Publisher publisher;
    private volatile boolean closed;

    /** Created by CDI (or the conformance kit); {@link #init} does the work. */
    public RabbitMqPubSub() {
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        return Uni.createFrom().deferred(() -> {
            settings = RabbitMqSettings.from(metadata, context);
            vertx = context.vertx();
            // exchanges are declared per topic as messages go out: nothing to declare per connection
            publisher = new Publisher(vertx, settings, client -> Future.succeededFuture());
            return uni(publisher::start);
        });
    }

    @Override
    public Set<PubSubFeature> features() {
        return EnumSet.of(PubSubFeature.MESSAGE_TTL);
    }

    @Override
    public Uni<Void> publish(PublishRequest request) {
        return Uni.createFrom().deferred(() -> {
            if (closed) {
                return Uni.createFrom().failure(new IllegalStateException("the component is closed"));
            }
            Outgoing message = Outgoing.of(request, settings);
            return uni(() -> publisher.publish(message));
        });
    }

    @Override
    public Uni<Subscription> subscribe(SubscribeRequest request, MessageHandler handler) {
        return Uni.createFrom().deferred(() -> {
            if (closed) {
                return Uni.createFrom().failure(new IllegalStateException("the component is closed"));
            }
            SubscriptionTopology topology = SubscriptionTopology.of(request, settings);
            QueueSubscription s = new QueueSubscription(vertx, settings, topology.queue(),
                    "topic '" + topology.exchange() + "'", topology::declare,
                    m -> handler.handle(toMessage(topology, m)));
            return uni(s::start).chain(v -> {
                subscriptions.add(s);
                if (closed) {
                    // close() ran while this subscription was connecting
                    subscriptions.remove(s);
                    return s.cancel().chain(() -> Uni.createFrom()
                            .failure(new IllegalStateException("the component is closed")));
                }
                return Uni.createFrom().item((Subscription) () -> s.cancel().invoke(() -> subscriptions.remove(s)));
            });
        });
    }

    @Override
    public Uni<Void> close() {
        closed = true;
        List<Uni<Void>> closing = new ArrayList<>();
        subscriptions.forEach(s -> closing.add(s.cancel()));
        subscriptions.clear();
        if (publisher != null) {
            closing.add(uni(publisher::close));
        }
        return closing.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(closing).andCollectFailures().replaceWithVoid();
    }

    private Message toMessage(SubscriptionTopology topology, RabbitMQMessage m) {
        BasicProperties p = m.properties();
        Map<String, String> md = settings.propertiesToMetadata() ? QueueSubscription.propertiesAsMetadata(p) : Map.of();
        return new Message(topology.exchange(), m.body().getBytes(), p == null ? null : p.getContentType(), md);
    }

    private static <T> Uni<T> uni(Supplier<Future<T>> work) {
        return Uni.createFrom().completionStage(() -> work.get().toCompletionStage());
    }
}
