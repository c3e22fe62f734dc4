package io.quapr.components.rabbitmq;

import com.rabbitmq.client.BasicProperties;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQConsumer;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One consumer of one queue (a pub/sub subscription's, an input binding's): its own connection
 * consuming the queue, handing each message to the sidecar's handler and settling it by the outcome (ack on an item; on a failure nack, requeued
 * unless {@code requeueInFailure} is off), never retrying anything itself.
 *
 * <p>
 * When the connection drops (broker restart, network) the subscription waits
 * {@code reconnectWaitSeconds}, doubling after each failed attempt up to {@link #MAX_BACKOFF},
 * then connects again, declares its topology again and resumes consuming. Messages in flight
 * on the lost connection are not acknowledged anywhere else: the broker requeued them when the
 * connection closed and delivers them again. Cancelling closes the connection, which has the
 * same effect on whatever is in flight.
 *
 * <p>
 * State lives on one Vert.x context; handler outcomes hop back onto it.
 */
public final class QueueSubscription {

    private static final Logger LOG = Logger.getLogger(QueueSubscription.class);

    /** The longest wait between two reconnect attempts (unless reconnectWaitSeconds is longer). */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final Context context;
    private final RabbitMqSettings settings;
    private final String queue;
    private final String source;
    private final Function<RabbitMQClient, Future<Void>> declare;
    private final Function<RabbitMQMessage, Uni<?>> handler;
    private BrokerLink link;
    private RabbitMQConsumer consumer;
    private boolean cancelled;
    private long retryTimer = -1;
    private int failedAttempts;

    /**
     * A consumer not started yet, on the caller's context (or a new one off Vert.x).
     *
     * @param settings the connection, acknowledgement and reconnection settings
     * @param queue the queue consumed
     * @param source what the queue stands for in logs and errors ({@code topic 'orders'})
     * @param declare declares the queue (and whatever it needs) on each new connection, before
     *        consuming
     * @param handler hands one message to the sidecar; an item acknowledges it, a failure nacks it
     */
    public QueueSubscription(Vertx vertx, RabbitMqSettings settings, String queue, String source,
            Function<RabbitMQClient, Future<Void>> declare, Function<RabbitMQMessage, Uni<?>> handler) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.settings = settings;
        this.queue = queue;
        this.source = source;
        this.declare = declare;
        this.handler = handler;
    }

    /** Connects, declares and starts consuming; a failure here is the subscribe call's failure (no retry loop). */
    public Future<Void> start() {
        return OnContext.run(context, this::connect);
    }

    /** Stops consuming and closes the connection; the broker requeues what is in flight. */
    public Uni<Void> cancel() {
        return Uni.createFrom().completionStage(() -> OnContext.run(context, () -> {
            cancelled = true;
            if (retryTimer >= 0) {
                vertx.cancelTimer(retryTimer);
                retryTimer = -1;
            }
            BrokerLink l = link;
            link = null;
            consumer = null;
            return l == null ? Future.<Void>succeededFuture() : l.close();
        }).toCompletionStage());
    }

    private Future<Void> connect() {
        return BrokerLink.open(vertx, settings.options(settings.connectionName(queue)))
                .compose(l -> declare.apply(l.client()).compose(v -> consume(l))
                        .recover(err -> l.close().transform(x -> Future.failedFuture(err))))
                .recover(err -> Future.failedFuture(new IllegalStateException(
                        "cannot consume " + source + " from queue '" + queue + "': " + Errors.message(err),
                        err)));
    }

    private Future<Void> consume(BrokerLink l) {
        QueueOptions options = new QueueOptions().setAutoAck(settings.autoAck());
        options.setConsumerTag(consumerTag());
        return l.client().basicConsumer(queue, options).compose(c -> {
            if (cancelled) {
                return l.close();
            }
            link = l;
            consumer = c;
            // paused until the handlers are in place, so no delivery can slip past them
            c.pause();
            c.handler(m -> deliver(l, m));
            // the broker cancels the consumer when the queue is deleted: declare it again
            c.endHandler(v -> onContextLater(l::reportLost));
            c.exceptionHandler(err -> LOG.warnf(err, "rabbitmq: consumer of queue %s failed", queue));
            l.watch(() -> lost(l));
            if (settings.single()) {
                c.fetch(1);
            } else {
                c.resume();
            }
            return Future.succeededFuture();
        });
    }

    private void deliver(BrokerLink l, RabbitMQMessage m) {
        if (cancelled || link != l) {
            // left unacknowledged: the broker requeues it when that connection closes
            return;
        }
        long tag = m.envelope().getDeliveryTag();
        Uni<?> outcome;
        try {
            outcome = handler.apply(m);
            if (outcome == null) {
                outcome = Uni.createFrom().failure(new NullPointerException("the message handler returned null"));
            }
        } catch (RuntimeException e) {
            outcome = Uni.createFrom().failure(e);
        }
        outcome.subscribe().with(ok -> onContextLater(() -> settle(l, tag, null)),
                err -> onContextLater(() -> settle(l, tag, err)));
    }

    private void settle(BrokerLink l, long tag, Throwable failure) {
        boolean current = !cancelled && link == l;
        if (current && !settings.autoAck() && l.alive()) {
            Future<Void> sent;
            if (failure == null) {
                sent = l.client().basicAck(tag, false);
            } else {
                LOG.debugf("rabbitmq: the sidecar did not take a message from queue %s (%s); nack, requeue=%s",
                        queue, Errors.message(failure), settings.requeueInFailure());
                sent = l.client().basicNack(tag, false, settings.requeueInFailure());
            }
            sent.onFailure(err -> l.reportLost());
        }
        if (current && settings.single()) {
            consumer.fetch(1);
        }
    }

    private void lost(BrokerLink l) {
        if (cancelled || link != l) {
            return;
        }
        link = null;
        consumer = null;
        l.close();
        LOG.warnf("rabbitmq: consumer of %s (queue %s) lost its connection; reconnecting", source, queue);
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        retryTimer = vertx.setTimer(backoff(settings.reconnectWait(), failedAttempts).toMillis(), id -> {
            retryTimer = -1;
            if (cancelled) {
                return;
            }
            connect().onComplete(ar -> {
                if (ar.succeeded()) {
                    failedAttempts = 0;
                    LOG.infof("rabbitmq: consumer of %s (queue %s) resumed", source, queue);
                } else if (!cancelled) {
                    failedAttempts++;
                    LOG.warnf("rabbitmq: reconnect attempt %d for queue %s failed: %s", failedAttempts,
                            queue, Errors.message(ar.cause()));
                    scheduleReconnect();
                }
            });
        });
    }

    /** {@code reconnectWaitSeconds}, doubled per failed attempt, at most {@link #MAX_BACKOFF} (or the wait itself). */
    static Duration backoff(Duration wait, int failures) {
        Duration cap = wait.compareTo(MAX_BACKOFF) > 0 ? wait : MAX_BACKOFF;
        Duration d = wait.multipliedBy(1L << Math.min(failures, 20));
        return d.compareTo(cap) > 0 ? cap : d;
    }

    /** daprd's {@code publishMessagePropertiesToMetadata} keys: {@code metadata.<property or header>}. */
    public static Map<String, String> propertiesAsMetadata(BasicProperties p) {
        Map<String, String> md = new HashMap<>();
        if (p == null) {
            return md;
        }
        putIfPresent(md, "metadata.messageid", p.getMessageId());
        putIfPresent(md, "metadata.correlationid", p.getCorrelationId());
        putIfPresent(md, "metadata.type", p.getType());
        putIfPresent(md, "metadata.contenttype", p.getContentType());
        if (p.getHeaders() != null) {
            p.getHeaders().forEach((k, v) -> {
                if (v != null) {
                    md.put("metadata." + k,
                            v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(v));
                }
            });
        }
        return md;
    }

    private static void putIfPresent(Map<String, String> md, String key, String value) {
        if (value != null && !value.isEmpty()) {
            md.put(key, value);
        }
    }

    /** Unique per attempt, as daprd makes it: reusing a tag on a channel is an error. */
    private String consumerTag() {
        String tag = queue + "-" + UUID.randomUUID();
        return tag.length() > 255 ? tag.substring(tag.length() - 255) : tag;
    }

    private void onContextLater(Runnable work) {
        try {
            context.runOnContext(v -> work.run());
        } catch (RejectedExecutionException e) {
            // Vert.x is shutting down: the connection goes with it and the broker requeues
        }
    }
}
