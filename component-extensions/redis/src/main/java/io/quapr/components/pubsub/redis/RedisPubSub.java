package io.quapr.components.pubsub.redis;

import io.quapr.components.redis.RedisClientOptions;
import io.quapr.components.redis.RedisCommands;
import io.quapr.components.redis.RedisSettings;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.pubsub.MessageHandler;
import io.quapr.spi.pubsub.PubSub;
import io.quapr.spi.pubsub.PubSubFeature;
import io.quapr.spi.pubsub.PublishRequest;
import io.quapr.spi.pubsub.SubscribeRequest;
import io.quapr.spi.pubsub.Subscription;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import jakarta.enterprise.context.Dependent;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * {@code pubsub.redis}: topics as Redis Streams, subscriptions as consumer groups, in daprd's
 * layout, so daprd and this sidecar publish to and consume from one Redis side by side.
 *
 * <p>
 * A publish is one {@code XADD} of fields {@code data} and {@code metadata} (see
 * {@link StreamEntries}). A subscription joins the consumer group {@code consumerID} (the app id
 * unless set) under the consumer name {@code consumerID}, as daprd does, so every replica of an
 * app shares one group and each entry goes to one of them. New entries are read with a blocking
 * {@code XREADGROUP} on a connection of the subscription's own ({@link StreamReader}), which
 * reconnects after a server restart; entries are acknowledged when the handler succeeds and
 * otherwise redelivered after {@code processingTimeout} ({@link PendingReclaimer}). Everything
 * else (publishes, acknowledgements, the pending list) goes through one shared client with
 * daprd's deadline and retries.
 *
 * <p>
 * No {@link PubSubFeature} is claimed, as daprd claims none for Redis: message TTL is left to
 * the sidecar, and bulk publish is one {@code XADD} per entry.
 */
@Dependent
@ComponentType("pubsub.redis")
public class RedisPubSub implements PubSub {

    private static final Logger LOG = Logger.getLogger(RedisPubSub.class);

    private final Set<StreamSubscription> subscriptions = ConcurrentHashMap.newKeySet();

    // written once by init, read by any thread afterwards
    private volatile ComponentContext context;
    private volatile RedisSettings settings;
    private volatile StreamSettings streams;
    private volatile Redis redis;
    private volatile RedisCommands commands;
    private volatile boolean closed;

    /** Created by the sidecar through CDI, one instance per {@code Component} resource. */
    public RedisPubSub() {
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext ctx) {
        RedisSettings s;
        try {
            s = RedisSettings.forPubSub(metadata).in(ctx);
            streams = StreamSettings.from(metadata, ctx.appId(), s);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        if (streams.maxLenApprox() > 0 && !streams.streamTtl().isZero()) {
            LOG.warn("redis streams: maxLenApprox and streamTTL cannot be used together; only maxLenApprox trims");
        }
        settings = s;
        context = ctx;
        redis = Redis.createClient(ctx.vertx(), RedisClientOptions.of(s));
        commands = new RedisCommands(redis, s);
        return commands.ping("redis streams")
                // a component that failed to start may never be closed: release the pool now
                .onFailure().invoke(e -> close())
                .replaceWithVoid();
    }

    @Override
    public Set<PubSubFeature> features() {
        return Set.of();
    }

    @Override
    public Uni<Void> publish(PublishRequest request) {
        if (closed) {
            return Uni.createFrom().failure(new IllegalStateException("redis streams: the component is closed"));
        }
        Request xadd;
        try {
            xadd = StreamEntries.xadd(request, streams, context.clock().instant());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        return commands.send(xadd)
                .onFailure().transform(e -> new IllegalStateException(
                        "redis streams: error from publish to " + request.topic() + ": " + e.getMessage(), e))
                .replaceWithVoid();
    }

    @Override
    public Uni<Subscription> subscribe(SubscribeRequest request, MessageHandler handler) {
        if (closed) {
            return Uni.createFrom().failure(new IllegalStateException("redis streams: the component is closed"));
        }
        String topic = request.topic();
        StreamSettings s = streams;
        return ConsumerGroups.create(commands, topic, s.consumerId())
                .onFailure().transform(e -> new IllegalStateException("redis streams: cannot create consumer group "
                        + s.consumerId() + " of stream " + topic + ": " + e.getMessage(), e))
                .map(ok -> {
                    // kept for close() until cancelled
                    StreamSubscription sub = new StreamSubscription(topic, s, commands, handler, subscriptions::remove);
                    subscriptions.add(sub);
                    if (closed) {
                        // close() ran while the group was being created and did not see this one
                        sub.cancel().subscribe().with(x -> {
                        }, e -> {
                        });
                        throw new IllegalStateException("redis streams: the component is closed");
                    }
                    sub.start(
                            new StreamReader(context.vertx(), () -> RedisClientOptions.of(settings), commands, sub, s),
                            new PendingReclaimer(context.vertx(), commands, sub, s));
                    return sub;
                });
    }

    @Override
    public Uni<Void> close() {
        closed = true;
        List<Uni<Void>> cancels = subscriptions.stream().map(StreamSubscription::cancel).toList();
        subscriptions.clear();
        Uni<Void> cancelled = cancels.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(cancels).andCollectFailures().replaceWithVoid();
        return cancelled.eventually(() -> {
            Redis r = redis;
            redis = null;
            if (r != null) {
                r.close();
            }
        });
    }
}
