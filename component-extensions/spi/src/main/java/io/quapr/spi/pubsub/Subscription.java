package io.quapr.spi.pubsub;

import io.smallrye.mutiny.Uni;

/** A running subscription; cancelling it stops delivery without acknowledging anything in flight. */
@FunctionalInterface
public interface Subscription {

    /** Stops receiving; completes when no more messages will be handed to the handler. */
    Uni<Void> cancel();
}
