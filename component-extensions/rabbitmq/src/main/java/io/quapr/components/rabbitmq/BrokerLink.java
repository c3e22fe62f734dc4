package io.quapr.components.rabbitmq;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQOptions;

/**
 * One AMQP connection and its channel, never reused once lost.
 *
 * <p>
 * The component replaces a lost connection with a new link rather than letting the client
 * recover the old one in place: delivery tags, confirm sequence numbers and consumers belong to
 * one channel, so everything in flight on a lost link is settled by the broker (unacknowledged
 * deliveries are requeued, unconfirmed publishes are reported failed) and nothing from it is
 * ever acknowledged on another channel. The client raises no event when the connection drops,
 * so a watchdog on the owner's context looks at it twice a second.
 */
final class BrokerLink {

    /** How often the watchdog looks at the connection. */
    static final long WATCH_INTERVAL_MS = 500;

    private final Vertx vertx;
    private final RabbitMQClient client;
    private long watchdog = -1;
    private Runnable onLost;
    private volatile boolean closed;
    private boolean lostReported;

    private BrokerLink(Vertx vertx, RabbitMQClient client) {
        this.vertx = vertx;
        this.client = client;
    }

    /** Connects; fails as the client does when the broker cannot be reached or refuses us. */
    static Future<BrokerLink> open(Vertx vertx, RabbitMQOptions options) {
        RabbitMQClient client = RabbitMQClient.create(vertx, options);
        return client.start().map(v -> new BrokerLink(vertx, client))
                .recover(err -> client.stop().transform(ignored -> Future.failedFuture(err)));
    }

    /** The client on this link's connection. */
    RabbitMQClient client() {
        return client;
    }

    /**
     * Starts the watchdog. {@code onLost} runs at most once, on the calling context, when the
     * connection or its channel is found closed (or when {@link #reportLost} is called).
     */
    void watch(Runnable onLost) {
        this.onLost = onLost;
        watchdog = vertx.setPeriodic(WATCH_INTERVAL_MS, id -> {
            if (!alive()) {
                reportLost();
            }
        });
    }

    /** Whether the connection and channel are open and the link not closed. */
    boolean alive() {
        return !closed && client.isConnected() && client.isOpenChannel();
    }

    /** Declares the link lost (an operation on it failed); runs the watcher's callback once. */
    void reportLost() {
        if (closed || lostReported) {
            return;
        }
        lostReported = true;
        stopWatching();
        if (onLost != null) {
            onLost.run();
        }
    }

    /** Closes the connection; the broker requeues whatever was delivered and not acknowledged. */
    Future<Void> close() {
        closed = true;
        stopWatching();
        return client.stop().otherwiseEmpty();
    }

    private void stopWatching() {
        if (watchdog >= 0) {
            vertx.cancelTimer(watchdog);
            watchdog = -1;
        }
    }
}
