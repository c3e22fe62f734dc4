package io.quapr.sidecar.pubsub;

import io.quapr.spi.pubsub.Message;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * Where a subscription's undeliverable messages go: the message as it came, to the dead-letter
 * topic of the same component when the subscription has one; otherwise dropped, with a log line
 * saying why. A dead letter the broker refuses fails, so the original stays with the broker.
 */
final class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final SubscriptionSpec subscription;
    private final PubSubService publisher;

    DeadLetters(SubscriptionSpec subscription, PubSubService publisher) {
        this.subscription = subscription;
        this.publisher = publisher;
    }

    /**
     * Dead-letters or drops a message.
     *
     * @param why the reason to log; null when the drop is routine (no route, expired, DROP)
     */
    Uni<Void> send(Message m, String why) {
        String dlq = subscription.deadLetterTopic();
        if (dlq == null || dlq.isEmpty()) {
            if (why != null) {
                LOG.warnf("dropping a message of pubsub %s topic %s: %s", subscription.pubsub(), subscription.topic(),
                        why);
            }
            return Uni.createFrom().voidItem();
        }
        if (why != null) {
            LOG.warnf("sending a message of pubsub %s topic %s to dead-letter topic %s: %s", subscription.pubsub(),
                    subscription.topic(), dlq, why);
        }
        return publisher.forward(subscription.pubsub(), dlq, m.data(), m.contentType(), m.metadata()).onFailure()
                .invoke(e -> LOG.errorf("error sending a message to dead letter, origin topic: %s dead letter "
                        + "topic %s: %s (the broker keeps it)", subscription.topic(), dlq, e.getMessage()));
    }
}
