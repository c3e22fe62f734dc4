package io.quapr.components.rabbitmq;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQConfirmation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The component's publishing connection: declares each topic's exchange once per connection
 * (as daprd does), sends, and with {@code publisherConfirm} completes a publish only when the
 * broker confirms it.
 *
 * <p>
 * Everything runs on one Vert.x context, so the client's blocking calls for publishing run one
 * after another: the confirm sequence number read before a send is then the one the send gets.
 * A lost connection or channel is replaced on the next publish (no background loop: a publisher
 * with nothing to send needs no connection).
 *
 * <p>
 * A message whose send failed, or that was still unconfirmed when its channel or connection
 * closed, is sent once more on a new connection, as daprd retries a publish after reconnecting:
 * the usual cause is an auto-delete exchange ({@code deletedWhenUnused}) that went away with its
 * last queue, which makes the broker close the channel of the next publish to it, taking every
 * unconfirmed publish on that channel down with it. The second attempt declares the exchange
 * again. A second failure fails the publish. A message resent after the broker had in fact
 * taken it arrives twice, which at-least-once allows.
 */
public final class Publisher {

    private static final Logger LOG = Logger.getLogger(Publisher.class);

    /** A confirm that takes longer than this means the channel is unusable. */
    static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);

    private static final int CONFIRM_BUFFER = 1 << 20;

    private final Vertx vertx;
    private final RabbitMqSettings settings;
    private final Context context;
    private final Function<RabbitMQClient, Future<Void>> onConnect;
    private Generation current;
    private Future<Generation> connecting;
    private boolean closed;

    /**
     * A publisher on the caller's context (or a new one when called off Vert.x).
     *
     * @param onConnect declares what every new connection needs before its first publish (a
     *        binding's queue); nothing for pub/sub, whose exchanges are declared per message
     */
    public Publisher(Vertx vertx, RabbitMqSettings settings, Function<RabbitMQClient, Future<Void>> onConnect) {
        this.vertx = vertx;
        this.settings = settings;
        this.onConnect = onConnect;
        this.context = vertx.getOrCreateContext();
    }

    /** Connects now, so that init fails on a broker that cannot be reached, as daprd's does. */
    public Future<Void> start() {
        return OnContext.run(context, () -> generation().mapEmpty());
    }

    /** Sends one message; completes when the broker confirmed it, or (without confirms) once it is written. */
    public Future<Void> publish(Outgoing message) {
        return OnContext.run(context, () -> attempt(new Send(message, 0)));
    }

    /** Fails what waits for a confirm and closes the connection. */
    public Future<Void> close() {
        return OnContext.run(context, () -> {
            closed = true;
            return current == null
                    ? Future.succeededFuture()
                    : retire(current, new IllegalStateException("the component is closed"));
        });
    }

    private Future<Void> attempt(Send send) {
        return generation().compose(g -> exchange(g, send.message.exchange()).compose(v -> send(g, send)));
    }

    private Future<Generation> generation() {
        if (closed) {
            return Future.failedFuture(new IllegalStateException("the component is closed"));
        }
        if (current != null && current.link.alive()) {
            return Future.succeededFuture(current);
        }
        if (current != null) {
            retire(current, lost());
        }
        if (connecting == null) {
            // one attempt at a time; publishes arriving meanwhile wait for it
            Future<Generation> attempt = connect();
            connecting = attempt;
            attempt.onComplete(ar -> {
                if (connecting == attempt) {
                    connecting = null;
                }
            });
            return attempt;
        }
        return connecting;
    }

    private Future<Generation> connect() {
        return BrokerLink.open(vertx, settings.options(settings.connectionName("publisher")))
                .recover(err -> Future.failedFuture(new IllegalStateException(
                        "cannot connect to RabbitMQ at " + settings.address() + ": " + Errors.message(err), err)))
                .compose(link -> {
                    Generation g = new Generation(link);
                    Future<Void> ready = settings.publisherConfirm()
                            ? link.client().addConfirmListener(CONFIRM_BUFFER).map(stream -> {
                                stream.handler(c -> confirmed(g, c));
                                return null;
                            })
                            : Future.succeededFuture();
                    return ready.compose(v -> onConnect.apply(link.client())).compose(v -> {
                        if (closed) {
                            return link.close().transform(x -> Future.failedFuture("the component is closed"));
                        }
                        current = g;
                        link.watch(() -> retire(g, lost()));
                        if (settings.publisherConfirm()) {
                            g.timer = vertx.setPeriodic(1000, id -> checkConfirmAge(g));
                        }
                        return Future.succeededFuture(g);
                    }, err -> link.close().transform(x -> Future.failedFuture(err)));
                });
    }

    private Future<Void> exchange(Generation g, String name) {
        if (name.isEmpty()) {
            // the default exchange always exists and cannot be declared
            return Future.succeededFuture();
        }
        Future<Void> declared = g.exchanges.get(name);
        if (declared == null) {
            declared = g.link.client()
                    .exchangeDeclare(name, settings.exchangeKind(), settings.durable(), settings.deleteWhenUnused())
                    .recover(err -> {
                        g.exchanges.remove(name);
                        // a refused declaration closes the channel: start over on a new connection
                        retire(g, err);
                        return Future.failedFuture(new IllegalStateException(
                                "cannot declare exchange '" + name + "': " + Errors.message(err), err));
                    });
            g.exchanges.put(name, declared);
        }
        return declared;
    }

    private Future<Void> send(Generation g, Send send) {
        Outgoing m = send.message;
        Buffer body = Buffer.buffer(m.body());
        if (!settings.publisherConfirm()) {
            g.link.client().basicPublish(m.exchange(), m.routingKey(), m.properties(), body).onComplete(ar -> {
                if (ar.succeeded()) {
                    send.settle(null);
                } else {
                    retire(g, ar.cause());
                    resendOrFail(send, ar.cause());
                }
            });
            return send.done.future();
        }
        g.link.client()
                .basicPublishWithDeliveryTag(m.exchange(), m.routingKey(), m.properties(), body, tag -> {
                    send.sentAtNanos = System.nanoTime();
                    g.unconfirmed.put(tag, send);
                }).onFailure(err -> {
                    retire(g, err);
                    // settles it unless retire already did (when the tag was registered)
                    resendOrFail(send, err);
                });
        return send.done.future();
    }

    private void resendOrFail(Send send, Throwable cause) {
        if (send.done.future().isComplete() || !send.resending.compareAndSet(false, true)) {
            return;
        }
        if (send.attempt == 0 && !closed) {
            LOG.debugf("rabbitmq: resending a message to %s after %s", send.message.exchange(), Errors.message(cause));
            attempt(new Send(send.message, 1)).onComplete(send.done);
        } else {
            send.done.tryFail(new IllegalStateException(
                    "RabbitMQ publish to '" + send.message.exchange() + "' failed: " + Errors.message(cause), cause));
        }
    }

    private void confirmed(Generation g, RabbitMQConfirmation c) {
        long tag = c.getDeliveryTag();
        while (true) {
            Map.Entry<Long, Send> e = c.isMultiple() ? g.unconfirmed.firstEntry() : g.unconfirmed.ceilingEntry(tag);
            if (e == null || e.getKey() > tag || !g.unconfirmed.remove(e.getKey(), e.getValue())) {
                return;
            }
            if (c.isSucceeded()) {
                e.getValue().settle(null);
            } else {
                e.getValue().settle(new IllegalStateException("the broker refused the message (nack)"));
            }
            if (!c.isMultiple()) {
                return;
            }
        }
    }

    private void checkConfirmAge(Generation g) {
        Map.Entry<Long, Send> oldest = g.unconfirmed.firstEntry();
        if (oldest != null && System.nanoTime() - oldest.getValue().sentAtNanos > CONFIRM_TIMEOUT.toNanos()) {
            LOG.warnf("rabbitmq: no publish confirm within %s; reconnecting", CONFIRM_TIMEOUT);
            retire(g, new IllegalStateException("no confirm from the broker within " + CONFIRM_TIMEOUT));
        }
    }

    /** Drops a connection for good; its unconfirmed messages are resent once (or failed when closing). */
    private Future<Void> retire(Generation g, Throwable cause) {
        if (g.retired) {
            return Future.succeededFuture();
        }
        g.retired = true;
        if (current == g) {
            current = null;
        }
        if (g.timer >= 0) {
            vertx.cancelTimer(g.timer);
        }
        List<Send> unconfirmed = new ArrayList<>(g.unconfirmed.values());
        g.unconfirmed.clear();
        Future<Void> closing = g.link.close();
        Throwable why = new IllegalStateException("the channel closed before the broker confirmed the message: "
                + Errors.message(cause), cause);
        unconfirmed.forEach(s -> resendOrFail(s, why));
        return closing;
    }

    private IllegalStateException lost() {
        return new IllegalStateException("connection to RabbitMQ at " + settings.address() + " lost");
    }

    /** One connection's publishing state; never reused after the connection is lost. */
    private static final class Generation {
        final BrokerLink link;
        final Map<String, Future<Void>> exchanges = new HashMap<>();
        final ConcurrentSkipListMap<Long, Send> unconfirmed = new ConcurrentSkipListMap<>();
        long timer = -1;
        boolean retired;

        Generation(BrokerLink link) {
            this.link = link;
        }
    }

    /** One attempt at sending a message: the first (0) or the resend (1). */
    private static final class Send {
        final Outgoing message;
        final int attempt;
        final Promise<Void> done = Promise.promise();
        final AtomicBoolean resending = new AtomicBoolean();
        volatile long sentAtNanos = System.nanoTime();

        Send(Outgoing message, int attempt) {
            this.message = message;
            this.attempt = attempt;
        }

        void settle(Throwable failure) {
            if (failure == null) {
                done.tryComplete();
            } else {
                done.tryFail(failure);
            }
        }
    }
}
