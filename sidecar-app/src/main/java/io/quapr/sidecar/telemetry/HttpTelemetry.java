package io.quapr.sidecar.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Observes every request of the HTTP API at the Vert.x route level, so JAX-RS resources and plain
 * routes count alike: daprd's HTTP metrics, the API call's span (named after the path as daprd
 * names it, parent from the caller's {@code traceparent}, returned in the response's
 * {@code traceparent} header) and the API log line.
 */
@ApplicationScoped
public class HttpTelemetry {

    /** Runs before the other filters and routes, so the span is current for all of them. */
    private static final int PRIORITY = 1_000;

    @Inject
    DaprMetrics metrics;

    @Inject
    Tracing tracing;

    @Inject
    ApiLog apiLog;

    void register(@Observes Filters filters) {
        if (!metrics.enabled() && !tracing.enabled() && !apiLog.enabled()) {
            return;
        }
        filters.register(this::observe, PRIORITY);
    }

    private void observe(RoutingContext rc) {
        long start = System.nanoTime();
        HttpServerRequest req = rc.request();
        String path = req.path();
        Span span = null;
        if (tracing.enabled() && !path.contains("/healthz")) {
            span = tracing.startFrom(path, SpanKind.CLIENT, req::getHeader);
            ApiSpans.http(span, req.method().name(), path, req.uri(),
                    req.remoteAddress() == null ? null : req.remoteAddress().host());
            // kept on the request's duplicated context for the rest of the request: no scope to close
            Context.current().with(span).makeCurrent();
            Span s = span;
            rc.addHeadersEndHandler(v -> {
                if (!rc.response().headers().contains("traceparent")) {
                    rc.response().putHeader("traceparent", Tracing.traceparent(s.getSpanContext()));
                }
            });
        }
        Span s = span;
        rc.addEndHandler(ar -> {
            int status = rc.response().getStatusCode();
            double elapsed = Telemetry.elapsedMs(start);
            if (metrics.enabled()) {
                String cl = req.getHeader("content-length");
                long reqBytes = 0;
                if (cl != null) {
                    try {
                        reqBytes = Math.max(0, Long.parseLong(cl));
                    } catch (NumberFormatException e) {
                        reqBytes = 0;
                    }
                }
                metrics.httpServer(req.method().name(), path, status, reqBytes, rc.response().bytesWritten(), elapsed);
            }
            if (s != null) {
                s.setAttribute("dapr.status_code", Integer.toString(status));
                if (status >= 400) {
                    s.setStatus(StatusCode.ERROR, "Code(" + status + ")");
                }
                s.end();
            }
            if (apiLog.enabled()) {
                apiLog.http(req.method().name(), path, status, rc.response().bytesWritten(), (long) elapsed,
                        req.getHeader("user-agent"));
            }
        });
        rc.next();
    }
}
