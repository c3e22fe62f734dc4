package io.quapr.sidecar.pubsub;

import io.dapr.v1.DaprAppCallbackProtos.TopicEventRequest;
import io.dapr.v1.DaprPubsubProtos.SubscribeTopicEventsRequestAlpha1;
import io.dapr.v1.DaprPubsubProtos.SubscribeTopicEventsRequestInitialAlpha1;
import io.dapr.v1.DaprPubsubProtos.SubscribeTopicEventsRequestProcessedAlpha1;
import io.dapr.v1.DaprPubsubProtos.SubscribeTopicEventsResponseAlpha1;
import io.dapr.v1.DaprPubsubProtos.SubscribeTopicEventsResponseInitialAlpha1;
import io.grpc.Status;
import io.quapr.spi.pubsub.Subscription;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Streaming subscriptions ({@code SubscribeTopicEventsAlpha1}): the client's first message names
 * the pubsub, topic, metadata and dead-letter topic; the sidecar answers with an initial response
 * and then sends each event as a {@code TopicEventRequest}, whose outcome the client sends back
 * ({@code event_processed}). No app port is involved. The same retry policy and dead-letter rules
 * apply as for app subscriptions; when the stream ends, messages not yet answered stay with the
 * broker.
 */
@ApplicationScoped
public class StreamingSubscriptions {

    private static final Logger LOG = Logger.getLogger(StreamingSubscriptions.class);

    @Inject
    Subscriber subscriber;

    @Inject
    SubscriptionRegistry registry;

    /** Serves one stream. */
    public Multi<SubscribeTopicEventsResponseAlpha1> open(Multi<SubscribeTopicEventsRequestAlpha1> requests) {
        return Multi.createFrom().emitter(out -> {
            Stream stream = new Stream(out);
            Cancellable upstream = requests.subscribe().with(stream::onRequest, stream::fail, stream::end);
            out.onTermination(() -> {
                upstream.cancel();
                stream.close();
            });
        });
    }

    /** One open stream: its subscription, and the events awaiting the client's answer. */
    private final class Stream implements Postman {

        private final MultiEmitter<? super SubscribeTopicEventsResponseAlpha1> out;
        private final Map<String, UniEmitter<? super AppOutcome>> pending = new ConcurrentHashMap<>();
        private volatile boolean started;
        private volatile boolean closed;
        private volatile Subscription subscription;
        private volatile SubscriptionSpec spec;

        Stream(MultiEmitter<? super SubscribeTopicEventsResponseAlpha1> out) {
            this.out = out;
        }

        void onRequest(SubscribeTopicEventsRequestAlpha1 request) {
            if (!started) {
                started = true;
                if (!request.hasInitialRequest()) {
                    fail(unknown("initial request is required"));
                    return;
                }
                begin(request.getInitialRequest());
                return;
            }
            if (!request.hasEventProcessed()) {
                fail(unknown("duplicate initial request received"));
                return;
            }
            SubscribeTopicEventsRequestProcessedAlpha1 processed = request.getEventProcessed();
            UniEmitter<? super AppOutcome> waiting = pending.remove(processed.getId());
            if (waiting != null) {
                waiting.complete(switch (processed.getStatus().getStatus()) {
                    case SUCCESS -> AppOutcome.SUCCESS;
                    case DROP -> AppOutcome.DROP;
                    default -> AppOutcome.RETRY;
                });
            }
        }

        private void begin(SubscribeTopicEventsRequestInitialAlpha1 initial) {
            if (initial.getPubsubName().isEmpty()) {
                fail(unknown("pubsubName is required"));
                return;
            }
            if (initial.getTopic().isEmpty()) {
                fail(unknown("topic is required"));
                return;
            }
            SubscriptionSpec s = new SubscriptionSpec(initial.getPubsubName() + "||" + initial.getTopic(),
                    "SubscribeTopicEventsAlpha1", initial.getPubsubName(), initial.getTopic(),
                    List.of(SubscriptionSpec.Rule.of("", "/")), initial.getDeadLetterTopic(),
                    Map.copyOf(initial.getMetadataMap()), SubscriptionSpec.Bulk.NONE, SubscriptionSpec.Type.STREAMING);
            subscriber.subscribe(s, null, this, () -> closed).subscribe().with(sub -> {
                subscription = sub;
                spec = s;
                if (closed) {
                    close();
                    return;
                }
                subscriber.track(sub);
                registry.addStreaming(s);
                LOG.infof("Subscribing to pubsub '%s' topic '%s' (stream)", s.pubsub(), s.topic());
                out.emit(SubscribeTopicEventsResponseAlpha1.newBuilder()
                        .setInitialResponse(SubscribeTopicEventsResponseInitialAlpha1.getDefaultInstance()).build());
            }, failure -> fail(failure instanceof IllegalStateException
                    ? unknown("failed to create subscription for " + s.pubsub() + ": " + failure.getMessage())
                    : failure));
        }

        /** Sends an event down the stream and waits for the client's answer. */
        @Override
        public Uni<AppOutcome> deliver(Letter letter) {
            if (closed) {
                return Uni.createFrom().item(AppOutcome.RETRY);
            }
            TopicEventRequest event;
            try {
                event = GrpcPostman.request(letter);
            } catch (IllegalArgumentException e) {
                LOG.warnf("pub/sub event %s cannot be sent to the stream: %s", letter.id(), e.getMessage());
                return Uni.createFrom().item(AppOutcome.RETRY);
            }
            return Uni.createFrom().<AppOutcome>emitter(waiting -> {
                pending.put(event.getId(), waiting);
                waiting.onTermination(() -> pending.remove(event.getId(), waiting));
                out.emit(SubscribeTopicEventsResponseAlpha1.newBuilder().setEventMessage(event).build());
            });
        }

        void fail(Throwable failure) {
            out.fail(failure);
        }

        void end() {
            LOG.infof("Unsubscribed from pubsub '%s' topic '%s'", spec == null ? "" : spec.pubsub(),
                    spec == null ? "" : spec.topic());
            out.complete();
        }

        /** Stops the subscription; events awaiting an answer are retried, and so stay with the broker. */
        void close() {
            closed = true;
            pending.values().forEach(w -> w.complete(AppOutcome.RETRY));
            pending.clear();
            Subscription sub = subscription;
            if (sub != null) {
                subscriber.untrack(sub);
                sub.cancel().subscribe().with(v -> {
                }, e -> LOG.debugf("cancelling a stream's subscription: %s", e.getMessage()));
            }
            SubscriptionSpec s = spec;
            if (s != null) {
                registry.removeStreaming(s);
            }
        }

        private static Throwable unknown(String message) {
            return Status.UNKNOWN.withDescription(message).asRuntimeException();
        }
    }
}
