package io.quapr.spi.pubsub;

import io.smallrye.mutiny.Uni;

/**
 * The sidecar's side of a subscription. The component calls it once per message and acts on the
 * outcome: an item means the message is done (delivered, dead-lettered or dropped: the sidecar
 * has applied its own retry policy already) and must be acknowledged; a failure means the
 * sidecar could not take the message (it is shutting down, say) and the component must leave it
 * unacknowledged so the broker redelivers it. A component never retries on its own.
 */
@FunctionalInterface
public interface MessageHandler {

    /** Handles one message; see the type's contract for what the outcome means. */
    Uni<Void> handle(Message message);
}
