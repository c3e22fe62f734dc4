package io.quapr.spi.bindings;

import io.smallrye.mutiny.Uni;

/** A running input binding reader; stopping it leaves events in flight unacknowledged. */
@FunctionalInterface
public interface InputReader {

    /** Stops reading; completes when no more events will be handed to the handler. */
    Uni<Void> stop();
}
