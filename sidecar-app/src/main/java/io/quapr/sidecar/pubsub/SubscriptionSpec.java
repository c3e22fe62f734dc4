package io.quapr.sidecar.pubsub;

import java.util.List;
import java.util.Map;

/**
 * One subscription of this app, whatever declared it.
 *
 * @param name the Subscription resource's name; null for a programmatic one
 * @param source where it was declared (resource file, or {@code GET /dapr/subscribe})
 * @param pubsub the pub/sub component
 * @param topic the topic
 * @param rules the routes in order; a rule with no match is the default and comes last
 * @param deadLetterTopic where undeliverable messages go (same component); empty for none
 * @param metadata subscription metadata ({@code rawPayload}, broker options)
 * @param bulk the {@code bulkSubscribe} settings as declared
 * @param type how it was declared, as daprd's metadata API names it
 */
public record SubscriptionSpec(String name, String source, String pubsub, String topic, List<Rule> rules,
        String deadLetterTopic, Map<String, String> metadata, Bulk bulk, Type type) {

    /** How a subscription was declared. */
    public enum Type {
        DECLARATIVE,
        PROGRAMMATIC,
        STREAMING
    }

    /**
     * A route.
     *
     * @param match the CEL expression as written; empty for the default route
     * @param path the app path events matching it are posted to
     * @param compiled the compiled expression; null for the default route
     */
    public record Rule(String match, String path, RouteMatch compiled) {

        /** A rule, its expression compiled; a blank expression makes the default route. */
        static Rule of(String match, String path) {
            String trimmed = match == null ? "" : match.trim();
            return new Rule(trimmed, path == null ? "" : path, trimmed.isEmpty() ? null : RouteMatch.compile(trimmed));
        }
    }

    /**
     * daprd's {@code bulkSubscribe} block.
     *
     * @param enabled whether the app asked for bulk delivery
     * @param maxMessagesCount the most messages per bulk
     * @param maxAwaitDurationMs the longest wait to fill a bulk
     */
    public record Bulk(boolean enabled, int maxMessagesCount, int maxAwaitDurationMs) {

        static final Bulk NONE = new Bulk(false, 0, 0);
    }

    /** The route for an event: the first rule that matches; null when none does. */
    Rule route(Map<String, Object> event) {
        for (Rule r : rules) {
            if (r.compiled() == null || r.compiled().matches(event)) {
                return r;
            }
        }
        return null;
    }
}
