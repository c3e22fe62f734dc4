package io.quapr.sidecar.pubsub;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * This app's subscriptions: the declarative ones from the resources, the programmatic ones the
 * app answered with, and the streaming ones of open {@code SubscribeTopicEventsAlpha1} streams. As in daprd, one pubsub and topic has one subscription: the first
 * declarative one, replaced by a programmatic one for the same pubsub and topic.
 */
@ApplicationScoped
public class SubscriptionRegistry {

    private volatile List<SubscriptionSpec> declarative = List.of();
    private volatile List<SubscriptionSpec> programmatic = List.of();
    private final List<SubscriptionSpec> streaming = new CopyOnWriteArrayList<>();

    void setDeclarative(List<SubscriptionSpec> subs) {
        declarative = List.copyOf(subs);
    }

    void setProgrammatic(List<SubscriptionSpec> subs) {
        programmatic = List.copyOf(subs);
    }

    void addStreaming(SubscriptionSpec s) {
        streaming.add(s);
    }

    void removeStreaming(SubscriptionSpec s) {
        streaming.remove(s);
    }

    /**
     * The subscriptions delivered to the app's port, in declaration order (declarative first).
     * Streaming subscriptions are not among them: each belongs to its stream.
     */
    public List<SubscriptionSpec> appSubscriptions() {
        return merged();
    }

    /** Every subscription, as the metadata API lists them: the app's, then the open streams'. */
    public List<SubscriptionSpec> all() {
        List<SubscriptionSpec> all = merged();
        all.addAll(streaming);
        return all;
    }

    private List<SubscriptionSpec> merged() {
        Map<String, SubscriptionSpec> byTopic = new LinkedHashMap<>();
        for (SubscriptionSpec s : declarative) {
            byTopic.putIfAbsent(key(s), s);
        }
        for (SubscriptionSpec s : programmatic) {
            byTopic.put(key(s), s);
        }
        return new ArrayList<>(byTopic.values());
    }

    private static String key(SubscriptionSpec s) {
        return s.pubsub() + "||" + s.topic();
    }
}
