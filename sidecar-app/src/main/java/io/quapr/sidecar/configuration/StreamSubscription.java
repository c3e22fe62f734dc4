package io.quapr.sidecar.configuration;

import io.quapr.spi.configuration.ConfigurationUpdate;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One gRPC {@code SubscribeConfiguration} stream. Its first message carries only the
 * subscription id, as daprd's does; a change the store reports before that message went out is
 * held back until it has, so the client always learns the id first.
 */
final class StreamSubscription {

    private final MultiEmitter<? super ConfigurationUpdate> emitter;
    // changes seen before start(); null once started
    private List<ConfigurationUpdate> early = new ArrayList<>();

    StreamSubscription(MultiEmitter<? super ConfigurationUpdate> emitter) {
        this.emitter = emitter;
    }

    /** The store's listener. */
    synchronized void onUpdate(ConfigurationUpdate update) {
        if (early != null) {
            early.add(update);
        } else {
            emitter.emit(update);
        }
    }

    /** Sends the id, then whatever arrived before it. */
    synchronized void start(String id) {
        emitter.emit(new ConfigurationUpdate(id, Map.of()));
        early.forEach(emitter::emit);
        early = null;
    }

    /** Ends the stream normally (daprd's deprecated {@code UnsubscribeConfiguration}). */
    void stop() {
        emitter.complete();
    }
}
