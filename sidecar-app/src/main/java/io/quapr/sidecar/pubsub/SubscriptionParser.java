package io.quapr.sidecar.pubsub;

import com.fasterxml.jackson.databind.JsonNode;
import io.dapr.v1.DaprAppCallbackProtos.ListTopicSubscriptionsResponse;
import io.dapr.v1.DaprAppCallbackProtos.TopicRule;
import io.dapr.v1.DaprAppCallbackProtos.TopicSubscription;
import io.quapr.sidecar.components.OtherResource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads subscriptions from their two declared shapes: {@code Subscription} resources
 * ({@code dapr.io/v2alpha1} with {@code routes}, {@code dapr.io/v1alpha1} with {@code route}),
 * the app's {@code GET /dapr/subscribe} answer (either route form) and a gRPC app's
 * {@code ListTopicSubscriptions} answer. A routing rule whose
 * CEL does not compile is refused with the compiler's message.
 */
final class SubscriptionParser {

    private SubscriptionParser() {
    }

    /**
     * A declarative subscription.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    static SubscriptionSpec declarative(OtherResource r) {
        JsonNode spec = r.spec();
        List<SubscriptionSpec.Rule> rules = new ArrayList<>();
        if (r.apiVersion().equals("dapr.io/v1alpha1")) {
            String route = spec.path("route").asText("");
            if (!route.isEmpty()) {
                rules.add(SubscriptionSpec.Rule.of("", route));
            }
        } else {
            rules.addAll(rules(spec.path("routes"), "spec.routes"));
            String def = spec.path("routes").path("default").asText("");
            if (!def.isEmpty()) {
                rules.add(SubscriptionSpec.Rule.of("", def));
            }
        }
        return new SubscriptionSpec(r.name(), r.source(), spec.path("pubsubname").asText(""),
                spec.path("topic").asText(""), List.copyOf(rules), spec.path("deadLetterTopic").asText(""),
                strings(spec.path("metadata")), bulk(spec.path("bulkSubscribe")), SubscriptionSpec.Type.DECLARATIVE);
    }

    /**
     * The app's programmatic subscriptions; entries without any route are left out, as daprd
     * leaves them out.
     *
     * @throws IllegalArgumentException when the answer is not daprd's shape or a rule is not CEL
     */
    static List<SubscriptionSpec> programmatic(JsonNode answer) {
        List<SubscriptionSpec> subs = new ArrayList<>();
        if (answer == null || answer.isNull() || answer.isMissingNode()) {
            return subs;
        }
        if (!answer.isArray()) {
            throw new IllegalArgumentException("the answer of /dapr/subscribe must be a JSON array");
        }
        int i = 0;
        for (JsonNode s : answer) {
            String where = "subscription [" + i++ + "]";
            List<SubscriptionSpec.Rule> rules = new ArrayList<>(rules(s.path("routes"), where + ".routes"));
            String def = s.path("routes").path("default").asText("");
            String route = s.path("route").asText("");
            if (!def.isEmpty()) {
                rules.add(SubscriptionSpec.Rule.of("", def));
            } else if (!route.isEmpty()) {
                rules.add(SubscriptionSpec.Rule.of("", route));
            }
            if (rules.isEmpty()) {
                continue;
            }
            subs.add(new SubscriptionSpec(null, "GET /dapr/subscribe", s.path("pubsubname").asText(""),
                    s.path("topic").asText(""), List.copyOf(rules), s.path("deadLetterTopic").asText(""),
                    strings(s.path("metadata")), bulk(s.path("bulkSubscribe")), SubscriptionSpec.Type.PROGRAMMATIC));
        }
        return subs;
    }

    /**
     * The subscriptions of a gRPC app ({@code ListTopicSubscriptions}). A gRPC app always has a
     * route: with no rules and no default, events go to the empty path, as in daprd.
     *
     * @throws IllegalArgumentException when a rule is not CEL
     */
    static List<SubscriptionSpec> programmatic(ListTopicSubscriptionsResponse answer) {
        List<SubscriptionSpec> subs = new ArrayList<>();
        int i = 0;
        for (TopicSubscription s : answer.getSubscriptionsList()) {
            String where = "subscription [" + i++ + "].routes";
            List<SubscriptionSpec.Rule> rules = new ArrayList<>();
            if (s.hasRoutes()) {
                int j = 0;
                for (TopicRule r : s.getRoutes().getRulesList()) {
                    try {
                        rules.add(SubscriptionSpec.Rule.of(r.getMatch(), r.getPath()));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("field '" + where + ".rules[" + j + "].match' is not a "
                                + "valid CEL expression: " + e.getMessage(), e);
                    }
                    j++;
                }
                if (!s.getRoutes().getDefault().isEmpty()) {
                    rules.add(SubscriptionSpec.Rule.of("", s.getRoutes().getDefault()));
                }
            }
            if (rules.isEmpty()) {
                rules.add(SubscriptionSpec.Rule.of("", ""));
            }
            SubscriptionSpec.Bulk bulk = s.hasBulkSubscribe()
                    ? new SubscriptionSpec.Bulk(
                            s.getBulkSubscribe().getEnabled(), s.getBulkSubscribe().getMaxMessagesCount(),
                            s.getBulkSubscribe().getMaxAwaitDurationMs())
                    : SubscriptionSpec.Bulk.NONE;
            subs.add(new SubscriptionSpec(null, "ListTopicSubscriptions", s.getPubsubName(), s.getTopic(),
                    List.copyOf(rules), s.getDeadLetterTopic(), Map.copyOf(s.getMetadataMap()), bulk,
                    SubscriptionSpec.Type.PROGRAMMATIC));
        }
        return subs;
    }

    private static List<SubscriptionSpec.Rule> rules(JsonNode routes, String where) {
        List<SubscriptionSpec.Rule> rules = new ArrayList<>();
        int i = 0;
        for (JsonNode rule : routes.path("rules")) {
            String match = rule.path("match").asText("");
            try {
                rules.add(SubscriptionSpec.Rule.of(match, rule.path("path").asText("")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "field '" + where + ".rules[" + i + "].match' is not a valid CEL expression: " + e.getMessage(),
                        e);
            }
            i++;
        }
        return rules;
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString());
        }
        return Map.copyOf(map);
    }

    private static SubscriptionSpec.Bulk bulk(JsonNode node) {
        if (!node.isObject()) {
            return SubscriptionSpec.Bulk.NONE;
        }
        return new SubscriptionSpec.Bulk(node.path("enabled").asBoolean(false),
                node.path("maxMessagesCount").asInt(0), node.path("maxAwaitDurationMs").asInt(0));
    }
}
