package io.quapr.sidecar.pubsub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.components.ComponentCall;
import io.quapr.sidecar.components.Components;
import io.quapr.sidecar.components.LiveComponent;
import io.quapr.sidecar.telemetry.Telemetry;
import io.quapr.spi.pubsub.BulkPublishEntry;
import io.quapr.spi.pubsub.PubSub;
import io.quapr.spi.pubsub.PubSubFeature;
import io.quapr.spi.pubsub.PublishRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The pub/sub building block's publishing side: validates a request, resolves the component,
 * wraps the body in daprd's CloudEvent (unless {@code rawPayload}), applies the component's
 * topic scopes and calls it through {@link ComponentCall}. The HTTP resource and the gRPC
 * service call this and only translate; deliveries use {@link #forward} for dead letters.
 */
@ApplicationScoped
public class PubSubService {

    /** The content type of every envelope this sidecar publishes. */
    public static final String CLOUD_EVENT_CONTENT_TYPE = ContentTypes.CLOUD_EVENT_JSON;

    @Inject
    Components components;

    @Inject
    ComponentCall call;

    @Inject
    Telemetry telemetry;

    @Inject
    SidecarConfig config;

    private final Clock clock = Clock.systemDefaultZone();
    /** Each pubsub's topic scopes, with the instance they were read from: a hot-reloaded pubsub reads its own. */
    private final Map<String, ScopesOf> scopes = new ConcurrentHashMap<>();

    private record ScopesOf(LiveComponent live, TopicScopes scopes) {
    }

    /**
     * Publishes one event.
     *
     * @param pubsub the component name
     * @param topic the topic
     * @param body the request body
     * @param contentType the body's content type; may be empty
     * @param metadata the request metadata ({@code rawPayload}, {@code ttlInSeconds},
     *        {@code cloudevent.*}, broker options)
     * @param trace the caller's trace context
     * @param rawPayloadMetadata broker metadata added to the request's for a raw event (no
     *        envelope carries the trace then: daprd's gRPC API passes it here, its HTTP API does not)
     */
    public Uni<Void> publish(String pubsub, String topic, byte[] body, String contentType,
            Map<String, String> metadata, TraceContext trace, Map<String, String> rawPayloadMetadata) {
        Target t = target(pubsub, topic, metadata);
        boolean raw = rawPayload(t, metadata);
        Map<String, String> md = new HashMap<>(metadata);
        byte[] data;
        String type;
        if (raw) {
            data = body;
            type = empty(contentType) ? null : contentType;
            md.putAll(rawPayloadMetadata);
        } else {
            data = envelopeBytes(t, body, contentType, metadata, trace);
            type = CLOUD_EVENT_CONTENT_TYPE;
        }
        PublishRequest request = new PublishRequest(t.brokerTopic(config), data, type, md);
        requirePublishAllowed(t);
        return telemetry.publish(pubsub, topic, call.run(t.live, "publish", () -> t.pubsub.publish(request)))
                .onFailure(e -> !(e instanceof DaprException)).transform(e -> PubSubErrors.publish(pubsub, topic, e));
    }

    /**
     * Publishes several events to one topic. The entries are read only once the pubsub and topic
     * are known to be valid, so a bad body is reported after them, as daprd does.
     *
     * @param entries reads the request's entries; may throw daprd's body errors
     * @return the failed entries, if any, with daprd's error for them
     */
    public Uni<BulkPublishResult> bulkPublish(String pubsub, String topic, Map<String, String> metadata,
            TraceContext trace, Supplier<List<BulkEntry>> entries) {
        Target t = target(pubsub, topic, metadata);
        boolean raw = rawPayload(t, metadata);
        List<BulkEntry> list = entries.get();
        Set<String> ids = new HashSet<>();
        List<BulkPublishEntry> out = new ArrayList<>(list.size());
        for (BulkEntry e : list) {
            if (empty(e.entryId()) || !ids.add(e.entryId())) {
                throw PubSubErrors.marshalEvents(pubsub, topic, appId(),
                        "entryId is duplicated or not present for entry");
            }
            Map<String, String> md = e.metadata() == null ? null : merged(metadata, e.metadata());
            byte[] data = raw
                    ? e.event()
                    : envelopeBytes(t, e.event(), e.contentType(), md == null ? Map.of() : md, trace);
            out.add(new BulkPublishEntry(e.entryId(), data, raw ? e.contentType() : CLOUD_EVENT_CONTENT_TYPE,
                    md == null ? Map.of() : md));
        }
        requirePublishAllowed(t);
        String brokerTopic = t.brokerTopic(config);
        return telemetry
                .publish(pubsub, topic,
                        call.run(t.live, "bulkPublish", () -> t.pubsub.bulkPublish(brokerTopic, out, metadata)))
                .onFailure(e -> !(e instanceof DaprException)).transform(e -> PubSubErrors.publish(pubsub, topic, e))
                .map(failed -> {
                    if (failed.isEmpty()) {
                        return new BulkPublishResult(List.of(), null);
                    }
                    List<BulkPublishResult.FailedEntry> failures = new ArrayList<>();
                    for (BulkPublishEntry e : out) {
                        String error = failed.get(e.entryId());
                        if (error != null) {
                            failures.add(new BulkPublishResult.FailedEntry(e.entryId(), error));
                        }
                    }
                    DaprException error = PubSubErrors.publish(pubsub, topic,
                            new RuntimeException(failures.get(0).error()));
                    return new BulkPublishResult(failures, error);
                });
    }

    /**
     * Publishes bytes that are already final (a message a subscription dead-letters) to a topic
     * of a component, with the same scope checks as any publish.
     */
    public Uni<Void> forward(String pubsub, String topic, byte[] data, String contentType,
            Map<String, String> metadata) {
        return Uni.createFrom().deferred(() -> {
            Target t = target(pubsub, topic, metadata);
            requirePublishAllowed(t);
            PublishRequest request = new PublishRequest(t.brokerTopic(config), data, contentType, metadata);
            return call.run(t.live, "publish", () -> t.pubsub.publish(request)).onFailure(
                    e -> !(e instanceof DaprException)).transform(e -> PubSubErrors.publish(pubsub, topic, e));
        });
    }

    /** Metrics and spans of deliveries, for the subscriptions this service publishes for. */
    Telemetry telemetry() {
        return telemetry;
    }

    /** The topic scopes of a loaded pub/sub component, for its subscriptions. */
    TopicScopes scopes(LiveComponent live) {
        ScopesOf cached = scopes.get(live.name());
        if (cached == null || cached.live() != live) {
            cached = new ScopesOf(live, TopicScopes.of(live.resource(), live.metadata().asMap(), appId()));
            scopes.put(live.name(), cached);
        }
        return cached.scopes();
    }

    /**
     * The request's component, or daprd's validation error. The errors carry the request metadata
     * wherever daprd puts it; a transport that words one differently adjusts it when rendering.
     */
    private Target target(String pubsub, String topic, Map<String, String> metadata) {
        if (empty(pubsub)) {
            throw PubSubErrors.nameEmpty(metadata);
        }
        LiveComponent live = components.pubSub(pubsub);
        if (live == null) {
            throw PubSubErrors.notFound(pubsub, metadata);
        }
        if (empty(topic)) {
            throw PubSubErrors.topicEmpty(pubsub, metadata);
        }
        return new Target(pubsub, topic, live, (PubSub) live.instance(), scopes(live));
    }

    private void requirePublishAllowed(Target t) {
        if (!t.scopes.mayPublish(t.topic)) {
            throw PubSubErrors.forbidden(t.name, t.topic, appId());
        }
    }

    private byte[] envelopeBytes(Target t, byte[] body, String contentType, Map<String, String> metadata,
            TraceContext trace) {
        ObjectNode ce;
        try {
            ce = CloudEvents.envelope(new CloudEvents.Input(appId(), t.topic, t.name, contentType, body, trace),
                    metadata, clock);
        } catch (IllegalArgumentException e) {
            throw PubSubErrors.cloudEventCreation(t.name, appId(), e.getMessage());
        }
        CloudEvents.applyTtl(ce, t.pubsub.features().contains(PubSubFeature.MESSAGE_TTL), metadata, clock);
        return CloudEvents.bytes(ce);
    }

    /** daprd's {@code rawPayload}: Go's boolean spellings, anything else is a metadata error. */
    private static boolean rawPayload(Target t, Map<String, String> metadata) {
        String v = metadata.get("rawPayload");
        if (v == null || v.isEmpty()) {
            return false;
        }
        Boolean b = GoBool.parse(v);
        if (b == null) {
            throw PubSubErrors.badMetadata(t.name, metadata,
                    "rawPayload value must be a valid boolean: actual is '" + v + "'");
        }
        return b;
    }

    private static Map<String, String> merged(Map<String, String> request, Map<String, String> entry) {
        Map<String, String> md = new LinkedHashMap<>(request);
        md.putAll(entry);
        return md;
    }

    private String appId() {
        return config.appId().orElse("");
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    /** A validated request's component. */
    private record Target(String name, String topic, LiveComponent live, PubSub pubsub, TopicScopes scopes) {

        /** The topic as the broker names it: namespaced components prefix the namespace. */
        String brokerTopic(SidecarConfig config) {
            return scopes.namespaced() ? config.namespace().orElse("") + topic : topic;
        }
    }
}
