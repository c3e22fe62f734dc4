package io.quapr.sidecar.pubsub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.NullValue;
import io.quapr.sidecar.resiliency.PermanentFailure;
import io.quapr.sidecar.resiliency.PolicyRunner;
import io.quapr.sidecar.telemetry.Telemetry;
import io.quapr.spi.pubsub.Message;
import io.quapr.spi.pubsub.MessageHandler;
import io.smallrye.mutiny.Uni;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Delivers one subscription's messages to the app, as daprd does over HTTP: reads the
 * CloudEvent (or wraps a raw payload in one), drops expired events, picks the route with the
 * subscription's rules, and hands it to the app through a {@link Postman} (HTTP or gRPC). The
 * app's answer decides (see {@link AppOutcome}); retries, timeout and circuit breaker follow the
 * subscription's inbound resiliency policy ({@link PolicyRunner}); a message that is dropped
 * or out of attempts goes to the dead-letter topic when there is one, and is dropped with a log
 * line otherwise. Then the handler's {@code Uni} completes and the component acknowledges it.
 * While the sidecar shuts down the {@code Uni} fails instead, so the broker keeps the message.
 */
final class TopicDelivery implements MessageHandler {

    /**
     * Subscription metadata that turns on in-order delivery (Quapr only): its value names the
     * message metadata key (for example {@code partitionKey}) whose values are delivered in
     * order, one message at a time per value; different values still go in parallel. Without it,
     * messages are delivered in parallel up to the in-flight bound, as daprd does.
     */
    static final String IN_ORDER_BY = "inOrderBy";

    private static final Logger LOG = Logger.getLogger(TopicDelivery.class);

    private final SubscriptionSpec subscription;
    private final String namespacePrefix;
    private final Postman postman;
    private final PolicyRunner policy;
    private final InFlightLimit limit;
    private final BooleanSupplier closing;
    private final Boolean rawPayload;
    private final String orderBy;
    private final KeyedOrder order = new KeyedOrder();
    private final DeadLetters deadLetters;
    private final PubSubService publisher;
    private final Telemetry telemetry;

    TopicDelivery(SubscriptionSpec subscription, String namespacePrefix, Postman postman, PubSubService publisher,
            Telemetry telemetry, PolicyRunner policy, int maxInFlight, BooleanSupplier closing) {
        this.subscription = subscription;
        this.namespacePrefix = namespacePrefix;
        this.postman = postman;
        this.publisher = publisher;
        this.telemetry = telemetry;
        this.deadLetters = new DeadLetters(subscription, publisher);
        this.policy = policy;
        this.limit = new InFlightLimit(maxInFlight);
        this.closing = closing;
        String raw = subscription.metadata().get("rawPayload");
        this.rawPayload = raw == null || raw.isEmpty() ? Boolean.FALSE : GoBool.parse(raw);
        String by = subscription.metadata().get(IN_ORDER_BY);
        this.orderBy = by == null || by.isBlank() ? null : by.trim();
    }

    @Override
    public Uni<Void> handle(Message message) {
        if (closing.getAsBoolean()) {
            return shuttingDown();
        }
        if (orderBy == null) {
            return limit.run(() -> process(message));
        }
        String key = message.metadata().getOrDefault(orderBy, "");
        return order.after(key, () -> limit.run(() -> process(message)));
    }

    private Uni<Void> process(Message m) {
        if (closing.getAsBoolean()) {
            return shuttingDown();
        }
        String topic = appTopic(m.topic(), namespacePrefix, subscription.topic());
        if (rawPayload == null) {
            return deadLetterOrDrop(m, "subscription metadata rawPayload must be a valid boolean: actual is '"
                    + subscription.metadata().get("rawPayload") + "'");
        }
        ObjectNode ce;
        byte[] body;
        if (rawPayload) {
            ce = rawEnvelope(m, topic);
            body = CloudEvents.bytes(ce);
        } else {
            ce = CloudEvents.parseObject(m.data());
            if (ce == null) {
                return deadLetterOrDrop(m, "the message is not a CloudEvent (not a JSON object)");
            }
            traceFallback(ce, m.metadata());
            body = m.data();
        }
        if (expired(ce)) {
            LOG.warnf("dropping expired pub/sub event %s as of %s", ce.path("id").asText(),
                    ce.path("expiration").asText());
            return deadLetterOrDrop(m, null);
        }
        SubscriptionSpec.Rule rule;
        try {
            rule = subscription.route(toValues(ce));
        } catch (RuntimeException e) {
            return deadLetterOrDrop(m, "error finding a matching route for event " + ce.path("id").asText() + ": "
                    + e.getMessage());
        }
        if (rule == null) {
            LOG.debugf("no matching route for event %s in pubsub %s and topic %s; skipping", ce.path("id").asText(),
                    subscription.pubsub(), topic);
            return deadLetterOrDrop(m, null);
        }
        Map<String, String> md = new LinkedHashMap<>(m.metadata());
        if (m.contentType() != null) {
            md.put("content-type", m.contentType());
        }
        md.put("pubsubName", subscription.pubsub());
        return deliver(m, new Postman.Letter(subscription.pubsub(), topic, rule.path(), ce, body, md));
    }

    /**
     * Delivers under the subscription's inbound policy: the app asking for a retry (or failing)
     * is a failed attempt, a drop is not (the app answered; the message goes to the dead-letter
     * topic at once). A message the policy gives up on is dead-lettered or dropped.
     */
    private Uni<Void> deliver(Message m, Postman.Letter letter) {
        return policy.run(() -> {
            if (closing.getAsBoolean()) {
                return Uni.createFrom().<AppOutcome>failure(new PermanentFailure(SHUTTING_DOWN));
            }
            return telemetry.delivery(letter.pubsub(), letter.topic(), k -> {
                JsonNode v = letter.cloudEvent().get(k);
                return v != null && v.isTextual() ? v.textValue() : null;
            }, trace -> postman.deliver(letter.traced(trace)), AppOutcome::name).onItem()
                    .transformToUni(outcome -> outcome == AppOutcome.RETRY
                            ? Uni.createFrom().<AppOutcome>failure(new AppRefused("event " + letter.id()))
                            : Uni.createFrom().item(outcome));
        }).onItemOrFailure().transformToUni((outcome, failure) -> {
            if (failure == null) {
                if (outcome == AppOutcome.SUCCESS) {
                    return Uni.createFrom().voidItem();
                }
                LOG.warnf("DROP status (or 404) returned from app while processing pub/sub event %s", letter.id());
                return deadLetterOrDrop(m, null);
            }
            if (closing.getAsBoolean()) {
                return shuttingDown();
            }
            return deadLetterOrDrop(m, "the app did not take event " + letter.id() + " within the retry policy of "
                    + policy.policy().target() + ": " + failure.getMessage());
        });
    }

    /** The app answered RETRY (or an error status) for a delivery. */
    static final class AppRefused extends RuntimeException {
        AppRefused(String what) {
            super("the app asked to retry " + what, null, false, false);
        }
    }

    private Uni<Void> deadLetterOrDrop(Message m, String why) {
        return deadLetters.send(m, why);
    }

    static String appTopic(String brokerTopic, String namespacePrefix, String fallback) {
        if (!namespacePrefix.isEmpty() && brokerTopic != null) {
            return brokerTopic.replaceFirst(Pattern.quote(namespacePrefix), "");
        }
        return brokerTopic == null ? fallback : brokerTopic;
    }

    /** daprd's envelope for a raw message: random id, octet-stream, the bytes as data_base64. */
    private ObjectNode rawEnvelope(Message m, String topic) {
        ObjectNode ce = CloudEvents.JSON.createObjectNode();
        ce.put("id", RandomIds.uuid());
        ce.put("specversion", CloudEvents.SPEC_VERSION);
        ce.put("datacontenttype", ContentTypes.OCTET_STREAM);
        ce.put("source", CloudEvents.DEFAULT_SOURCE);
        ce.put("type", CloudEvents.DEFAULT_TYPE);
        ce.put("topic", topic);
        ce.put("pubsubname", subscription.pubsub());
        ce.put("data_base64", Base64.getEncoder().encodeToString(m.data()));
        Map<String, String> md = m.metadata();
        if (md.containsKey("traceid")) {
            ce.put("traceid", md.get("traceid"));
        }
        if (md.containsKey("traceparent")) {
            ce.put("traceparent", md.get("traceparent"));
            ce.put("traceid", md.get("traceparent"));
        }
        if (md.containsKey("tracestate")) {
            ce.put("tracestate", md.get("tracestate"));
        }
        return ce;
    }

    /** The trace context from the broker's metadata, where the event carries none. */
    static void traceFallback(ObjectNode ce, Map<String, String> md) {
        if (!ce.has("traceid") && md.containsKey("traceid")) {
            ce.put("traceid", md.get("traceid"));
        }
        if (!ce.has("traceparent") && md.containsKey("traceparent")) {
            ce.put("traceparent", md.get("traceparent"));
            ce.put("traceid", md.get("traceparent"));
        }
        if (!ce.has("tracestate") && md.containsKey("tracestate")) {
            ce.put("tracestate", md.get("tracestate"));
        }
    }

    static boolean expired(ObjectNode ce) {
        JsonNode e = ce.get("expiration");
        if (e == null || !e.isTextual() || e.textValue().isEmpty()) {
            return false;
        }
        try {
            return OffsetDateTime.parse(e.textValue()).isBefore(OffsetDateTime.now());
        } catch (DateTimeParseException ignored) {
            return false;
        }
    }

    /** The event as the plain values CEL reads: maps, lists, strings, longs, doubles, booleans, null. */
    static Map<String, Object> toValues(ObjectNode node) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value(node);
        return map;
    }

    private static Object value(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), value(e.getValue()));
            }
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>(n.size());
            n.forEach(x -> l.add(value(x)));
            return l;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isNull() || n.isMissingNode()) {
            return NullValue.NULL_VALUE;
        }
        return n.asText();
    }

    private static final String SHUTTING_DOWN_MESSAGE = "the sidecar is shutting down: the message is left with the broker";
    private static final IllegalStateException SHUTTING_DOWN = new IllegalStateException(SHUTTING_DOWN_MESSAGE);

    static Uni<Void> shuttingDown() {
        return Uni.createFrom().failure(new IllegalStateException(SHUTTING_DOWN_MESSAGE));
    }
}
