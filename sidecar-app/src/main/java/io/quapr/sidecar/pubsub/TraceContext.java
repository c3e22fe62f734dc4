package io.quapr.sidecar.pubsub;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quapr.sidecar.telemetry.Tracing;
import java.util.regex.Pattern;

/**
 * The W3C trace context a published event carries ({@code traceid}/{@code traceparent},
 * {@code tracestate}): the current span's when tracing is on; otherwise the caller's
 * {@code traceparent} when it is valid, or a new one (not sampled), so every event can still be
 * correlated.
 *
 * @param traceparent the W3C {@code traceparent} value
 * @param tracestate the W3C {@code tracestate} value; empty when none
 */
public record TraceContext(String traceparent, String tracestate) {

    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    /** The caller's context when its {@code traceparent} is valid, else a new one. */
    public static TraceContext of(String traceparent, String tracestate) {
        SpanContext current = Span.current().getSpanContext();
        if (current.isValid()) {
            // with tracing on, the API call's span (itself a child of the caller's context) is what the event carries
            return new TraceContext(Tracing.traceparent(current), Tracing.tracestate(current));
        }
        if (traceparent != null && TRACEPARENT.matcher(traceparent.trim()).matches()) {
            return new TraceContext(traceparent.trim(), tracestate == null ? "" : tracestate.trim());
        }
        return new TraceContext(RandomIds.traceparent(), "");
    }
}
