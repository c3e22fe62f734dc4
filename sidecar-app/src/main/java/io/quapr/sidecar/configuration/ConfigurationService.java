package io.quapr.sidecar.configuration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.quapr.sidecar.appchannel.AppChannel;
import io.quapr.sidecar.components.ComponentCall;
import io.quapr.sidecar.components.Components;
import io.quapr.sidecar.components.LiveComponent;
import io.quapr.spi.Causes;
import io.quapr.spi.configuration.ConfigurationItem;
import io.quapr.spi.configuration.ConfigurationStore;
import io.quapr.spi.configuration.ConfigurationUpdate;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The Configuration building block, shared by the HTTP and gRPC APIs: reads, subscriptions whose
 * changes go to the app over HTTP ({@link #subscribeApp}), and subscriptions that are a gRPC
 * stream ({@link #stream}), which end when the client goes away.
 */
@ApplicationScoped
public class ConfigurationService {

    private static final Logger LOG = Logger.getLogger(ConfigurationService.class);

    @Inject
    Components components;

    @Inject
    ComponentCall call;

    @Inject
    AppChannel app;

    @Inject
    ObjectMapper json;

    // the open gRPC streams by subscription id, for the deprecated UnsubscribeConfiguration
    private final Map<String, StreamSubscription> streams = new ConcurrentHashMap<>();

    /**
     * Reads items.
     *
     * @param keys the keys; empty for every item
     * @return the items found by key
     */
    public Uni<Map<String, ConfigurationItem>> get(String storeName, List<String> keys, Map<String, String> metadata) {
        LiveComponent live = store(storeName);
        ConfigurationStore store = (ConfigurationStore) live.instance();
        return call.run(live, "get", () -> store.get(keys, metadata)).onFailure(ConfigurationService::notOurs)
                .transform(e -> new DaprException(ErrorCode.CONFIGURATION_GET, "failed to get " + goList(keys)
                        + " from Configuration store " + storeName + ": " + Causes.describe(e)).withCause(e));
    }

    /**
     * Subscribes the app: each change is posted to it ({@code /configuration/<store>/<key>}).
     *
     * @return the subscription id
     */
    public Uni<String> subscribeApp(String storeName, List<String> keys, Map<String, String> metadata) {
        LiveComponent live = store(storeName);
        if (!app.configured()) {
            throw new DaprException(ErrorCode.APP_CHANNEL_NIL,
                    "app channel is not initialized. cannot subscribe to configuration updates");
        }
        ConfigurationStore store = (ConfigurationStore) live.instance();
        AppDelivery delivery = new AppDelivery(app, json, storeName);
        return call.run(live, "subscribe", () -> store.subscribe(keys, metadata, delivery)).onFailure()
                .transform(e -> subscribeFailed(storeName, keys, e));
    }

    /** Ends a subscription made with {@link #subscribeApp} (or any other, by its id). */
    public Uni<Void> unsubscribeApp(String storeName, String subscriptionId) {
        LiveComponent live = store(storeName);
        ConfigurationStore store = (ConfigurationStore) live.instance();
        return call.run(live, "unsubscribe", () -> store.unsubscribe(subscriptionId)).onFailure()
                .transform(e -> new DaprException(ErrorCode.CONFIGURATION_UNSUBSCRIBE,
                        "failed to unsubscribe to configuration request " + subscriptionId + ": "
                                + Causes.describe(e))
                        .withCause(e));
    }

    /**
     * A subscription as a stream: the first update carries only the subscription id, then every
     * change follows. Cancelling the stream (the gRPC client going away) ends the subscription
     * in the store.
     */
    public Multi<ConfigurationUpdate> stream(String storeName, List<String> keys, Map<String, String> metadata) {
        LiveComponent live = store(storeName);
        ConfigurationStore store = (ConfigurationStore) live.instance();
        return Multi.createFrom().emitter(emitter -> {
            StreamSubscription subscription = new StreamSubscription(emitter);
            AtomicReference<String> id = new AtomicReference<>();
            emitter.onTermination(() -> {
                String known = id.getAndSet("");
                if (known != null && !known.isEmpty()) {
                    end(live, store, known);
                }
            });
            call.run(live, "subscribe", () -> store.subscribe(keys, metadata, subscription::onUpdate)).subscribe()
                    .with(subscribed -> {
                        if (!id.compareAndSet(null, subscribed)) {
                            // the client left while the store subscribed
                            end(live, store, subscribed);
                            return;
                        }
                        streams.put(subscribed, subscription);
                        subscription.start(subscribed);
                    }, failure -> emitter.fail(subscribeFailed(storeName, keys, failure)));
        });
    }

    /**
     * Ends the gRPC stream of a subscription (daprd's deprecated {@code UnsubscribeConfiguration}).
     *
     * @return whether such a stream was open
     */
    public boolean stopStream(String subscriptionId) {
        StreamSubscription subscription = streams.get(subscriptionId);
        if (subscription == null) {
            return false;
        }
        subscription.stop();
        return true;
    }

    private void end(LiveComponent live, ConfigurationStore store, String subscriptionId) {
        streams.remove(subscriptionId);
        call.run(live, "unsubscribe", () -> store.unsubscribe(subscriptionId)).subscribe().with(v -> {
        }, e -> LOG.debugf("configuration store '%s': ending subscription %s: %s", live.name(), subscriptionId,
                Causes.describe(e)));
    }

    private static DaprException subscribeFailed(String storeName, List<String> keys, Throwable e) {
        return e instanceof DaprException d
                ? d
                : new DaprException(ErrorCode.CONFIGURATION_SUBSCRIBE, "failed to subscribe " + goList(keys)
                        + " from Configuration store " + storeName + ": " + Causes.describe(e)).withCause(e);
    }

    private static boolean notOurs(Throwable e) {
        return !(e instanceof DaprException);
    }

    /** A list as Go's {@code %s} prints a string slice: {@code [a b]}. */
    static String goList(List<String> keys) {
        return "[" + String.join(" ", keys) + "]";
    }

    private LiveComponent store(String name) {
        if (components.ofBlock("configuration").isEmpty()) {
            throw new DaprException(ErrorCode.CONFIGURATION_STORE_NOT_CONFIGURED,
                    "configuration stores not configured");
        }
        LiveComponent live = components.get(name);
        if (live == null || !(live.instance() instanceof ConfigurationStore)) {
            throw new DaprException(ErrorCode.CONFIGURATION_STORE_NOT_FOUND, "configuration store " + name
                    + " not found");
        }
        return live;
    }
}
