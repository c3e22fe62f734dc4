package io.quapr.spi.pubsub;

import io.quapr.spi.Component;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Dapr pub/sub component: publishes messages to topics and delivers a topic's messages to a
 * {@link MessageHandler}, at least once.
 *
 * <p>
 * Delivery is acknowledged only after the handler's {@code Uni} completes with an item; a
 * message whose handler failed, or that was in flight when the sidecar stopped, is delivered
 * again. Retries, dead-lettering and dropping are the sidecar's: the component never retries a
 * message the handler accepted or rejected, so there are never two retry layers.
 */
public interface PubSub extends Component {

    /** The features this component has; constant for the instance. */
    Set<PubSubFeature> features();

    /** Publishes one message; completes once the broker has accepted it. */
    Uni<Void> publish(PublishRequest request);

    /**
     * Starts delivering a topic's messages to the handler. Messages are handed over
     * concurrently up to the component's own bound; the handler decides ordering, if any.
     *
     * @return the running subscription, to cancel at shutdown or when it is removed
     */
    Uni<Subscription> subscribe(SubscribeRequest request, MessageHandler handler);

    /**
     * Publishes several messages to one topic. The default publishes them one by one, all at
     * once, and reports each failure by entry id; a component with a native batch call
     * overrides it (and claims {@link PubSubFeature#BULK_PUBLISH}).
     *
     * @return entry id to error message, for the entries that failed; empty when all succeeded
     */
    default Uni<Map<String, String>> bulkPublish(String topic, List<BulkPublishEntry> entries,
            Map<String, String> metadata) {
        if (entries.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Map<String, String> failed = new LinkedHashMap<>();
        List<Uni<Void>> sends = new ArrayList<>(entries.size());
        for (BulkPublishEntry e : entries) {
            Map<String, String> md = new LinkedHashMap<>(metadata);
            md.putAll(e.metadata());
            sends.add(publish(new PublishRequest(topic, e.data(), e.contentType(), md)).onFailure().invoke(err -> {
                synchronized (failed) {
                    failed.put(e.entryId(), String.valueOf(err.getMessage()));
                }
            }).onFailure().recoverWithNull());
        }
        return Uni.join().all(sends).andFailFast().map(x -> Map.copyOf(failed));
    }
}
