package io.quapr.sidecar.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.quapr.sidecar.config.resource.DaprConfiguration;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Spans as daprd makes them, on the OpenTelemetry SDK that {@code quarkus-opentelemetry} builds
 * from {@code spec.tracing} ({@link TracingProperties}; the Zipkin and stdout exporters:
 * {@link TraceExporters}). When tracing is off nothing here starts a span: {@link #enabled()} is
 * checked first on every hot path.
 *
 * <p>
 * The current span lives in OpenTelemetry's {@link Context}, which Quarkus keeps on the request's
 * Vert.x duplicated context, so it follows a request across threads and reactive stages.
 */
@ApplicationScoped
public class Tracing {

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    @Inject
    Tracer tracer;

    @Inject
    DaprConfiguration configuration;

    private boolean enabled;

    @PostConstruct
    void init() {
        TracingSettings settings = TracingSettings.from(configuration.section("tracing"));
        enabled = settings.enabled();
    }

    /** Whether spans are made. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Starts a span whose parent is the W3C trace context in a carrier (request headers, gRPC
     * metadata, a CloudEvent), or the current span when the carrier has none.
     *
     * @param name the span name (daprd's)
     * @param kind the span kind
     * @param header reads one header of the carrier ({@code traceparent}, {@code tracestate})
     */
    public Span startFrom(String name, SpanKind kind, Function<String, String> header) {
        Context parent = W3C.extract(Context.current(), header, GETTER);
        return tracer.spanBuilder(name).setSpanKind(kind).setParent(parent).startSpan();
    }

    /** Starts a child of the current span. */
    public Span startChild(String name, SpanKind kind) {
        return tracer.spanBuilder(name).setSpanKind(kind).startSpan();
    }

    /** Ends a span, marking it failed when {@code failure} is not null. */
    public static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
        }
        span.end();
    }

    /**
     * The W3C {@code traceparent} of a span context, e.g.
     * {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}.
     */
    public static String traceparent(SpanContext sc) {
        return "00-" + sc.getTraceId() + "-" + sc.getSpanId() + "-" + sc.getTraceFlags().asHex();
    }

    /** The W3C {@code tracestate} of a span context; empty when it has none. */
    public static String tracestate(SpanContext sc) {
        if (sc.getTraceState().isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        sc.getTraceState().forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return b.toString();
    }

    /**
     * The trace headers of the current span for an outbound call ({@code traceparent},
     * {@code tracestate}), empty when there is no current span: what service invocation and
     * app-channel calls put on the request so the callee continues the trace.
     */
    public static Map<String, String> currentHeaders() {
        return headers(Span.current().getSpanContext());
    }

    /** The {@code traceparent}/{@code tracestate} headers naming a span; empty when it is not valid. */
    public static Map<String, String> headers(SpanContext sc) {
        if (!sc.isValid()) {
            return Collections.emptyMap();
        }
        String ts = tracestate(sc);
        return ts.isEmpty()
                ? Map.of("traceparent", traceparent(sc))
                : Map.of("traceparent", traceparent(sc), "tracestate", ts);
    }

    private static final TextMapGetter<Function<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, String> carrier) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(Function<String, String> carrier, String key) {
            return carrier == null ? null : carrier.apply(key);
        }
    };
}
