package io.quapr.sidecar.pubsub;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * This app's subscriptions: the declarative ones from the resources and the programmatic ones
 * the app answered with. As in daprd, one pubsub and topic has one subscription: the first
 * declarative one, replaced by a programmatic one for the same pubsub and topic.
 */
@ApplicationScoped
public class SubscriptionRegistry {

    private volatile List<SubscriptionSpec> declarative = List.of();
    private volatile List<SubscriptionSpec> programmatic = List.of();

    void setDeclarative(List<SubscriptionSpec> subs) {
        declarative = List.copyOf(subs);
    }

    void setProgrammatic(List<SubscriptionSpec> subs) {
        programmatic = List.copyOf(subs);
    }

    /** The subscriptions in effect, in declaration order (declarative first). */
    public List<SubscriptionSpec> all() {
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
