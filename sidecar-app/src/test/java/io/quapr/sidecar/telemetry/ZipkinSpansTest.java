package io.quapr.sidecar.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import zipkin2.Span;

/** OpenTelemetry spans of a real tracer as the Zipkin v2 spans the exporter sends. */
class ZipkinSpansTest {

    private final List<SpanData> ended = new ArrayList<>();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "orders")))
            .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
                @Override
                public CompletableResultCode export(Collection<SpanData> spans) {
                    ended.addAll(spans);
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            })).build();
    private final Tracer tracer = provider.get("quapr", "1.2.3");

    @Test
    void aFailedClientSpanWithAnEventAndAnArray() {
        var parent = tracer.spanBuilder("parent").setStartTimestamp(1_000_000, TimeUnit.MICROSECONDS).startSpan();
        var child = tracer.spanBuilder("/v1.0/state/statestore").setParent(Context.root().with(parent))
                .setSpanKind(SpanKind.CLIENT).setStartTimestamp(1_000_010, TimeUnit.MICROSECONDS)
                .setAttribute("db.name", "statestore").setAttribute("peer.service", "redis")
                .setAttribute(AttributeKey.stringArrayKey("keys"), List.of("a", "b")).startSpan();
        child.addEvent("retry", Attributes.of(AttributeKey.longKey("attempt"), 2L), 1_000_020, TimeUnit.MICROSECONDS);
        child.setStatus(StatusCode.ERROR, "connection refused");
        child.end(1_000_030, TimeUnit.MICROSECONDS);
        parent.end(1_000_040, TimeUnit.MICROSECONDS);

        Span z = ZipkinSpans.of(ended.get(0));
        assertEquals(ended.get(0).getTraceId(), z.traceId());
        assertEquals(parent.getSpanContext().getSpanId(), z.parentId());
        assertEquals(Span.Kind.CLIENT, z.kind());
        assertEquals(1_000_010, z.timestampAsLong());
        assertEquals(20, z.durationAsLong());
        assertEquals("orders", z.localServiceName());
        assertEquals("redis", z.remoteServiceName());
        assertEquals("statestore", z.tags().get("db.name"));
        assertEquals("a,b", z.tags().get("keys"));
        assertEquals("ERROR", z.tags().get("otel.status_code"));
        assertEquals("connection refused", z.tags().get("error"));
        assertEquals("quapr", z.tags().get("otel.scope.name"));
        assertEquals("1.2.3", z.tags().get("otel.scope.version"));
        assertEquals(1, z.annotations().size());
        assertEquals(1_000_020, z.annotations().get(0).timestamp());
        assertEquals("retry:{\"attempt\":2}", z.annotations().get(0).value());
    }

    @Test
    void anInternalRootSpanHasNoKindNoParentAndAtLeastAMicrosecond() {
        tracer.spanBuilder("work").setStartTimestamp(5, TimeUnit.MICROSECONDS).startSpan().end(5,
                TimeUnit.MICROSECONDS);
        Span z = ZipkinSpans.of(ended.get(0));
        assertNull(z.kind());
        assertNull(z.parentId());
        assertNull(z.remoteEndpoint());
        assertEquals(1, z.durationAsLong(), "zero would read as unknown");
        assertTrue(z.tags().keySet().stream().noneMatch(k -> k.startsWith("otel.status")), z.tags().toString());
    }
}
