package io.quapr.components.pubsub.aws.snssqs;

import io.quapr.components.aws.AwsCalls;
import io.quapr.spi.pubsub.Message;
import io.quapr.spi.pubsub.MessageHandler;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Reads the component's queue and hands each message to the subscription of its topic, as
 * daprd's consumer does: one long-poll receive loop for the queue, whatever the number of
 * subscribed topics, running while at least one topic is subscribed. The topic comes from the
 * notification's {@code TopicArn}.
 *
 * <p>
 * A message is deleted once its handler succeeds. When the handler fails the message is left
 * alone: SQS makes it visible again after the visibility timeout and it is received again; the
 * receive count then decides, as in daprd, whether it is deleted unhandled
 * ({@code messageRetryLimit}, without a dead-letter queue) or moved by SQS to the dead-letter
 * queue ({@code messageReceiveLimit}). Messages of a topic nobody subscribes to, and bodies that
 * are not SNS notifications, are left alone the same way.
 *
 * <p>
 * Unlike daprd, the number of messages received and not finished is bounded
 * ({@link SnsSqsSettings#inFlightLimit()}): a receive asks only for as many messages as there is
 * room for, so no message waits in memory while its visibility timeout runs out. Nothing here
 * blocks: receives, deletes and the back-off after a failed receive are callbacks; handlers are
 * called on one Vert.x context.
 */
final class QueueConsumer {

    private static final Logger LOG = Logger.getLogger(QueueConsumer.class);

    /** The first pause after a failed receive, doubled on each failure in a row. */
    static final long FIRST_BACKOFF_MS = 500;
    /** The longest pause after failed receives. */
    static final long MAX_BACKOFF_MS = 10_000;

    /** One topic's subscription: where its messages go until it is cancelled. */
    static final class Route {

        private final String topicName;
        private final String topic;
        private final MessageHandler handler;
        // guarded by this: a message is handed over only while not cancelled
        private boolean cancelled;

        Route(String topicName, String topic, MessageHandler handler) {
            this.topicName = topicName;
            this.topic = topic;
            this.handler = handler;
        }

        /** Calls the handler unless cancelled; {@code null} when cancelled. */
        synchronized Uni<Void> handOver(Message message) {
            if (cancelled) {
                return null;
            }
            try {
                Uni<Void> outcome = handler.handle(message);
                return outcome != null
                        ? outcome
                        : Uni.createFrom().failure(new IllegalStateException("the handler answered null"));
            } catch (RuntimeException e) {
                return Uni.createFrom().failure(e);
            }
        }

        /** From now on nothing is handed over; waits for a hand-over under way. */
        synchronized void cancel() {
            cancelled = true;
        }
    }

    private final SqsAsyncClient sqs;
    private final Topology.Queue queue;
    private final boolean deadLetters;
    private final SnsSqsSettings settings;
    private final Context context;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();

    // guarded by this
    private boolean running;
    private boolean receiving;
    private boolean pausing;
    private boolean closed;
    private int inFlight;
    private long backoffMs;
    // the receive under way, until the messages it brought are handed out or released
    private CompletableFuture<Void> receive = CompletableFuture.completedFuture(null);

    /**
     * @param deadLetters whether SQS moves messages to a dead-letter queue
     * @param context where handlers are called
     */
    QueueConsumer(SqsAsyncClient sqs, Topology.Queue queue, boolean deadLetters, SnsSqsSettings settings,
            Context context) {
        this.sqs = sqs;
        this.queue = queue;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.context = context;
    }

    /** The queue read. */
    Topology.Queue queue() {
        return queue;
    }

    /** Routes a topic's messages to {@code route}, replacing an earlier route of the topic; starts reading. */
    void add(Route route) {
        Route replaced;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("pubsub.aws.snssqs is closed");
            }
            replaced = routes.put(route.topicName, route);
            running = true;
        }
        if (replaced != null) {
            replaced.cancel();
        }
        pump();
    }

    /** Stops routing to {@code route}; once no topic is left, stops reading. Nothing is handed to it afterwards. */
    void remove(Route route) {
        route.cancel();
        synchronized (this) {
            routes.remove(route.topicName, route);
            if (routes.isEmpty()) {
                running = false;
            }
        }
    }

    /**
     * Stops for good: nothing is received or handed over any more. Completes once the receive
     * under way has ended and the messages it brought are released, so that the client can be
     * closed with no request on the wire; messages in the handlers are left to their outcome.
     */
    CompletableFuture<Void> close() {
        CompletableFuture<Void> last;
        synchronized (this) {
            closed = true;
            running = false;
            last = receive;
        }
        routes.values().forEach(Route::cancel);
        routes.clear();
        return last;
    }

    /** Starts a receive if reading, none is under way, and there is room for a message. */
    private void pump() {
        int wanted;
        CompletableFuture<Void> settled = new CompletableFuture<>();
        synchronized (this) {
            int room = settings.inFlightLimit() - inFlight;
            if (!running || receiving || pausing || room <= 0) {
                return;
            }
            wanted = Math.min(settings.maxMessages(), room);
            receiving = true;
            receive = settled;
        }
        CompletableFuture<ReceiveMessageResponse> received;
        try {
            received = sqs.receiveMessage(b -> b.queueUrl(queue.url())
                    .maxNumberOfMessages(wanted)
                    .visibilityTimeout(settings.visibilityTimeoutSeconds())
                    .waitTimeSeconds(settings.waitTimeSeconds())
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        } catch (RuntimeException e) {
            received = CompletableFuture.failedFuture(e);
        }
        received.handle(this::received).thenCompose(released -> released)
                .whenComplete((ignored, failure) -> settled.complete(null));
    }

    /** Hands the messages out; what completes once those received after a stop are released. */
    private CompletableFuture<Void> received(ReceiveMessageResponse response, Throwable failure) {
        List<software.amazon.awssdk.services.sqs.model.Message> messages = failure == null
                ? response.messages()
                : List.of();
        boolean deliver;
        synchronized (this) {
            receiving = false;
            if (failure != null) {
                if (closed) {
                    return CompletableFuture.completedFuture(null);
                }
                backoffMs = backoffMs == 0 ? FIRST_BACKOFF_MS : Math.min(backoffMs * 2, MAX_BACKOFF_MS);
                pausing = true;
                LOG.warnf("receiving from SQS queue %s failed, trying again in %d ms: %s", queue.arn(), backoffMs,
                        AwsCalls.unwrap(failure).toString());
                context.owner().setTimer(backoffMs, id -> {
                    synchronized (this) {
                        pausing = false;
                    }
                    pump();
                });
                return CompletableFuture.completedFuture(null);
            }
            backoffMs = 0;
            // stopped while the receive was under way: the messages go back at once, for the next reader
            deliver = running;
            if (deliver) {
                inFlight += messages.size();
            }
        }
        if (!deliver) {
            return CompletableFuture.allOf(messages.stream().map(this::release).toArray(CompletableFuture[]::new));
        }
        for (var m : messages) {
            CompletableFuture<Void> work;
            try {
                work = process(m);
            } catch (RuntimeException e) {
                work = CompletableFuture.failedFuture(e);
            }
            work.whenComplete((ignored, error) -> {
                if (error != null) {
                    LOG.warnf("SQS message %s of queue %s: %s", m.messageId(), queue.arn(),
                            AwsCalls.unwrap(error).toString());
                }
                finished();
            });
        }
        pump();
        return CompletableFuture.completedFuture(null);
    }

    private void finished() {
        synchronized (this) {
            inFlight--;
        }
        pump();
    }

    /** daprd's checks of the receive count, then the hand-over. */
    private CompletableFuture<Void> process(software.amazon.awssdk.services.sqs.model.Message m) {
        String raw = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        long count;
        try {
            count = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("no ApproximateReceiveCount with the message; left unprocessed"));
        }
        if (!deadLetters && count >= settings.retryLimit()) {
            if (!settings.disableDeleteOnRetryLimit()) {
                LOG.warnf("SQS message %s received %d times (messageRetryLimit %d): deleted without handling",
                        m.messageId(), count, settings.retryLimit());
                return delete(m);
            }
            // daprd makes it visible to other consumers at once, and still hands it over here
            return sqs.changeMessageVisibility(b -> b.queueUrl(queue.url()).receiptHandle(m.receiptHandle())
                    .visibilityTimeout(0)).thenCompose(ignored -> handOver(m));
        }
        if (deadLetters && count > settings.retryLimit()) {
            return CompletableFuture.failedFuture(new IllegalStateException("received " + count
                    + " times, more than messageRetryLimit; SQS should have moved it to the dead-letter queue"));
        }
        return handOver(m);
    }

    private CompletableFuture<Void> handOver(software.amazon.awssdk.services.sqs.model.Message m) {
        SnsMessages.Incoming incoming = SnsMessages.decode(m.body());
        Route route = routes.get(incoming.topicName());
        if (route == null) {
            LOG.debugf("SQS message %s is for topic %s, which nobody subscribes to now; left for redelivery",
                    m.messageId(), incoming.topicName());
            return CompletableFuture.completedFuture(null);
        }
        Message message = new Message(route.topic, incoming.data(), incoming.contentType(), Map.of());
        CompletableFuture<Boolean> handled = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            Uni<Void> outcome = route.handOver(message);
            if (outcome == null) {
                handled.complete(false);
                return;
            }
            outcome.subscribe().with(ok -> handled.complete(true), failure -> {
                // the sidecar's verdict: leave it for SQS to deliver again after the visibility timeout
                LOG.debugf("handler failed for SQS message %s; left for redelivery: %s", m.messageId(), failure);
                handled.complete(false);
            });
        });
        return handled.thenCompose(ok -> ok ? delete(m) : CompletableFuture.completedFuture(null));
    }

    private CompletableFuture<Void> delete(software.amazon.awssdk.services.sqs.model.Message m) {
        return sqs.deleteMessage(b -> b.queueUrl(queue.url()).receiptHandle(m.receiptHandle()))
                .thenApply(ignored -> null);
    }

    /** Makes a message received after reading stopped visible again at once; never fails. */
    private CompletableFuture<Void> release(software.amazon.awssdk.services.sqs.model.Message m) {
        return sqs.changeMessageVisibility(b -> b.queueUrl(queue.url()).receiptHandle(m.receiptHandle())
                .visibilityTimeout(0))
                .handle((ignored, failure) -> {
                    if (failure != null) {
                        LOG.debugf("could not release SQS message %s: %s", m.messageId(), failure);
                    }
                    return null;
                });
    }
}
