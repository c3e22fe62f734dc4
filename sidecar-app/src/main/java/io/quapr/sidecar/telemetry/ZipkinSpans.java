package io.quapr.sidecar.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import zipkin2.Endpoint;
import zipkin2.Span;

/**
 * An OpenTelemetry span as a Zipkin v2 span, as OpenTelemetry's Zipkin exporters (daprd's among
 * them) write it: microsecond times, the kind (none for internal spans), the resource's
 * {@code service.name} as the local endpoint, {@code peer.service} as the remote one for outgoing
 * spans, every attribute as a tag (arrays joined by commas), the status as
 * {@code otel.status_code} with an {@code error} tag carrying an error's description, the
 * instrumentation scope, and events as annotations ({@code name} or {@code name:{attributes}}).
 */
final class ZipkinSpans {

    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    private static final AttributeKey<String> PEER_SERVICE = AttributeKey.stringKey("peer.service");
    private static final AttributeKey<String> ERROR = AttributeKey.stringKey("error");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ZipkinSpans() {
    }

    static Span of(SpanData span) {
        long start = micros(span.getStartEpochNanos());
        Span.Builder zipkin = Span.newBuilder().traceId(span.getTraceId()).id(span.getSpanId()).name(span.getName())
                .kind(kind(span)).timestamp(start)
                // Zipkin reads a zero duration as "unknown"
                .duration(Math.max(1, micros(span.getEndEpochNanos()) - start))
                .localEndpoint(Endpoint.newBuilder().serviceName(serviceName(span.getResource())).build());
        if (span.getParentSpanContext().isValid()) {
            zipkin.parentId(span.getParentSpanId());
        }
        String peer = span.getAttributes().get(PEER_SERVICE);
        if (peer != null && (zipkin.kind() == Span.Kind.CLIENT || zipkin.kind() == Span.Kind.PRODUCER)) {
            zipkin.remoteEndpoint(Endpoint.newBuilder().serviceName(peer).build());
        }
        span.getAttributes().forEach((key, value) -> zipkin.putTag(key.getKey(), tagValue(value)));
        int droppedAttributes = span.getTotalAttributeCount() - span.getAttributes().size();
        if (droppedAttributes > 0) {
            zipkin.putTag("otel.dropped_attributes_count", String.valueOf(droppedAttributes));
        }
        StatusCode status = span.getStatus().getStatusCode();
        if (status != StatusCode.UNSET) {
            zipkin.putTag("otel.status_code", status.name());
            if (status == StatusCode.ERROR && span.getAttributes().get(ERROR) == null) {
                String description = span.getStatus().getDescription();
                zipkin.putTag(ERROR.getKey(), description == null ? "" : description);
            }
        }
        scope(zipkin, span.getInstrumentationScopeInfo());
        for (EventData event : span.getEvents()) {
            zipkin.addAnnotation(micros(event.getEpochNanos()), annotation(event));
        }
        int droppedEvents = span.getTotalRecordedEvents() - span.getEvents().size();
        if (droppedEvents > 0) {
            zipkin.putTag("otel.dropped_events_count", String.valueOf(droppedEvents));
        }
        return zipkin.build();
    }

    private static Span.Kind kind(SpanData span) {
        return switch (span.getKind()) {
            case SERVER -> Span.Kind.SERVER;
            case CLIENT -> Span.Kind.CLIENT;
            case PRODUCER -> Span.Kind.PRODUCER;
            case CONSUMER -> Span.Kind.CONSUMER;
            case INTERNAL -> null;
        };
    }

    private static String serviceName(Resource resource) {
        String name = resource.getAttribute(SERVICE_NAME);
        return name == null ? "unknown_service" : name;
    }

    private static void scope(Span.Builder zipkin, InstrumentationScopeInfo scope) {
        if (!scope.getName().isEmpty()) {
            zipkin.putTag("otel.scope.name", scope.getName());
        }
        if (scope.getVersion() != null) {
            zipkin.putTag("otel.scope.version", scope.getVersion());
        }
    }

    private static String tagValue(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }

    private static String annotation(EventData event) {
        Attributes attributes = event.getAttributes();
        if (attributes.isEmpty()) {
            return event.getName();
        }
        ObjectNode json = JSON.createObjectNode();
        attributes.forEach((key, value) -> json.putPOJO(key.getKey(), value));
        return event.getName() + ":" + json;
    }

    private static long micros(long epochNanos) {
        return TimeUnit.NANOSECONDS.toMicros(epochNanos);
    }
}
