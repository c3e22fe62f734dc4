package io.quapr.sidecar.api.http;

import io.quapr.sidecar.SidecarConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * daprd reads a request's line and headers into one buffer ({@code --read-buffer-size}, 4Ki) and
 * answers {@code 431 Request Header Fields Too Large} to a request whose head does not fit, however
 * the bytes are split between the line and the headers. The HTTP codec bounds each part on its own
 * (and answers 414 to a long line), so the sum is checked here, before anything else handles the
 * request (the API token check included, as Go's server refuses such a request before any handler).
 */
@ApplicationScoped
public class RequestHeadLimitRoute {

    private static final int CRLF = 2;

    @Inject
    SidecarConfig config;

    /** Registered before the API filters (same route order, earlier observer). */
    void register(@Observes @Priority(2000) Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (headSize(req) <= config.readBufferSize()) {
            ctx.next();
            return;
        }
        String reason = "431 Request Header Fields Too Large";
        req.response().setStatusCode(431).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE).end(reason);
    }

    /** The bytes of the request line and headers as they came: {@code METHOD SP URI SP VERSION CRLF} and {@code name: value CRLF} each. */
    static long headSize(HttpServerRequest req) {
        long size = req.method().name().length() + 1 + req.uri().length() + 1 + "HTTP/1.1".length() + CRLF;
        for (Map.Entry<String, String> h : req.headers()) {
            size += h.getKey().length() + 2 + h.getValue().length() + CRLF;
        }
        return size;
    }
}
