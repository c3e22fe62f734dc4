package io.quapr.sidecar.pubsub;

import io.quapr.sidecar.components.ComponentResource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which topics this app may publish to and subscribe to on one pub/sub component, from the
 * component metadata daprd reads for it: {@code publishingScopes} and
 * {@code subscriptionScopes} ({@code app1=topic1,topic2;app2=topic3}), {@code allowedTopics}
 * and {@code protectedTopics} (comma lists), spaces ignored.
 *
 * @param publishing the topics scoped to this app for publishing; empty when none are
 * @param subscribing the topics scoped to this app for subscribing; empty when none are
 * @param allowed the only topics anyone may use; empty means any
 * @param protectedTopics topics usable only by apps they are scoped to
 * @param namespaced whether topics are prefixed with the namespace on the broker (a metadata
 *        value of the component uses the {@code {namespace}} template, as daprd decides it)
 */
record TopicScopes(List<String> publishing, List<String> subscribing, Set<String> allowed,
        Set<String> protectedTopics, boolean namespaced) {

    static TopicScopes of(ComponentResource resource, Map<String, String> metadata, String appId) {
        boolean namespaced = resource.metadata().stream()
                .anyMatch(m -> m.value() != null && m.value().contains("{namespace}"));
        return new TopicScopes(appTopics(find(metadata, "publishingScopes"), appId),
                appTopics(find(metadata, "subscriptionScopes"), appId), new LinkedHashSet<>(
                        topics(find(metadata, "allowedTopics"))),
                new LinkedHashSet<>(topics(find(metadata, "protectedTopics"))), namespaced);
    }

    /** Whether this app may publish to the topic. */
    boolean mayPublish(String topic) {
        return allowed(topic, publishing);
    }

    /** Whether this app may subscribe to the topic. */
    boolean maySubscribe(String topic) {
        return allowed(topic, subscribing);
    }

    /**
     * daprd's rule: outside {@code allowedTopics} (when set) never; a protected topic, or any
     * topic once the app has scopes, only when the app's scopes name it.
     */
    private boolean allowed(String topic, List<String> scoped) {
        if (!allowed.isEmpty() && !allowed.contains(topic)) {
            return false;
        }
        if (!protectedTopics.contains(topic) && scoped.isEmpty()) {
            return true;
        }
        return scoped.contains(topic);
    }

    private static String find(Map<String, String> metadata, String key) {
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
                return e.getValue();
            }
        }
        return null;
    }

    private static List<String> appTopics(String value, String appId) {
        List<String> topics = new ArrayList<>();
        if (value == null || value.isEmpty()) {
            return topics;
        }
        for (String app : value.replace(" ", "").split(";", -1)) {
            String[] parts = app.split("=", -1);
            if (parts.length < 2 || !parts[0].equals(appId)) {
                continue;
            }
            for (String t : parts[1].split(",", -1)) {
                if (!topics.contains(t)) {
                    topics.add(t);
                }
            }
        }
        return topics;
    }

    private static List<String> topics(String value) {
        List<String> topics = new ArrayList<>();
        if (value == null || value.isEmpty()) {
            return topics;
        }
        for (String t : value.replace(" ", "").split(",", -1)) {
            if (!topics.contains(t)) {
                topics.add(t);
            }
        }
        return topics;
    }
}
