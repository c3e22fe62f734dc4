package io.quapr.components.pubsub.fakeplain;

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
import jakarta.enterprise.context.Dependent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The smallest honest pub/sub: fan-out per topic on a thread pool, redelivery 50 ms after a
 * failed handler, messages without a subscriber dropped. The kit must pass it.
 */
@Dependent
@ComponentType("pubsub.fakeplain")
public class FakePlainPubSub implements PubSub {

    private final List<Sub> subs = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(4);

    /** One subscription; handing over and cancelling exclude each other. */
    private final class Sub implements Subscription {
        final String topic;
        final MessageHandler handler;
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        boolean cancelled;

        Sub(String topic, MessageHandler handler) {
            this.topic = topic;
            this.handler = handler;
        }

        void deliver(Message m) {
            Uni<Void> outcome;
            lock.readLock().lock();
            try {
                if (cancelled) {
                    return;
                }
                outcome = handler.handle(m);
            } finally {
                lock.readLock().unlock();
            }
            outcome.subscribe().with(ok -> {
            }, failed -> onFailure(this, m));
        }

        @Override
        public Uni<Void> cancel() {
            return Uni.createFrom().item(() -> {
                lock.writeLock().lock();
                try {
                    cancelled = true;
                    subs.remove(this);
                } finally {
                    lock.writeLock().unlock();
                }
                return null;
            });
        }
    }

    /** What happens to a message whose handler failed: here, it comes back 50 ms later. */
    protected void onFailure(Object subscription, Message m) {
        threads.schedule(() -> ((Sub) subscription).deliver(m), 50, TimeUnit.MILLISECONDS);
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> close() {
        return Uni.createFrom().item(() -> {
            threads.shutdownNow();
            return null;
        });
    }

    @Override
    public Set<PubSubFeature> features() {
        return Set.of();
    }

    @Override
    public Uni<Void> publish(PublishRequest request) {
        return Uni.createFrom().item(() -> {
            Message m = new Message(request.topic(), request.data().clone(), request.contentType(), Map.of());
            for (Sub s : subs) {
                if (s.topic.equals(request.topic())) {
                    threads.execute(() -> s.deliver(m));
                }
            }
            return null;
        });
    }

    @Override
    public Uni<Subscription> subscribe(SubscribeRequest request, MessageHandler handler) {
        return Uni.createFrom().item(() -> {
            Sub s = new Sub(request.topic(), handler);
            subs.add(s);
            return s;
        });
    }
}
