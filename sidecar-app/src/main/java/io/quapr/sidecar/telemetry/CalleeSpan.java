package io.quapr.sidecar.telemetry;

import io.opentelemetry.api.trace.Span;
import java.util.Map;

/**
 * The callee sidecar's span of one sidecar-to-sidecar call ({@code CallLocal/<appId>/<method>},
 * a child of the caller sidecar's span): the trace headers its app must receive, and its end.
 * Without tracing it is {@link #NONE}: no headers, nothing to end.
 */
public final class CalleeSpan {

    /** No tracing: the request keeps the trace headers it came with. */
    public static final CalleeSpan NONE = new CalleeSpan(null);

    private final Span span;

    CalleeSpan(Span span) {
        this.span = span;
    }

    /** {@code traceparent}/{@code tracestate} naming this span, to replace the caller's; empty for {@link #NONE}. */
    public Map<String, String> headers() {
        return span == null ? Map.of() : Tracing.headers(span.getSpanContext());
    }

    /**
     * Ends the span with the app's status code, or as failed.
     *
     * @param status the app's HTTP status (or 0 when it gave none)
     * @param failure why the call failed, or null
     */
    public void end(int status, Throwable failure) {
        if (span == null) {
            return;
        }
        if (status > 0) {
            span.setAttribute("dapr.status_code", Integer.toString(status));
        }
        Tracing.end(span, failure);
    }
}
