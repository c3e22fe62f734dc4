package io.quapr.sidecar.api.http;

import io.quapr.sidecar.SidecarConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * The checks Go's HTTP server (daprd's) makes on a request head before any handler runs, where the
 * HTTP codec here is laxer. They run first of all (the API token check included):
 * <ul>
 * <li>daprd reads the line and headers into one buffer ({@code --read-buffer-size}, 4Ki) and answers
 * {@code 431} to a head that does not fit, however the bytes are split; the codec bounds each part
 * on its own (and answers 414 to a long line), so the sum is checked here;</li>
 * <li>exactly one non-empty {@code Host} on HTTP/1.1 (the codec takes none, empty or several);</li>
 * <li>no {@code Transfer-Encoding} but {@code chunked} (the codec would fall back on
 * {@code Content-Length}: a request smuggling risk behind another proxy); 400 (Go answers 501, with no
 * error code: a client error is a 4xx here).</li>
 * </ul>
 */
@ApplicationScoped
public class RequestHeadRules {

    private static final int CRLF = 2;

    @Inject
    SidecarConfig config;

    /** Registered before the API filters (same route order, earlier observer). */
    void register(@Observes @Priority(2000) Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::handle).failureHandler(RequestHeadRules::noHost);
    }

    /**
     * Vert.x fails an HTTP/1.x request without {@code Host} before any route runs; left to Quarkus's
     * error handler that is an ERROR line per request (a client could fill the log) and a
     * "500 - Internal Server Error" body. It is the client's fault: a plain 400, logged at most at debug.
     */
    private static void noHost(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (req.version() != HttpVersion.HTTP_2 && req.getHeader(HttpHeaders.HOST) == null && !req.response().ended()) {
            refuse(req, 400, "400 Bad Request: missing required Host header");
            return;
        }
        ctx.next();
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (headSize(req) > config.readBufferSize()) {
            refuse(req, 431, "431 Request Header Fields Too Large");
            return;
        }
        if (req.version() == HttpVersion.HTTP_1_1) {
            List<String> hosts = req.headers().getAll(HttpHeaders.HOST);
            if (hosts.size() > 1) {
                refuse(req, 400, "400 Bad Request: too many Host headers");
                return;
            }
            if (hosts.isEmpty() || hosts.get(0).isBlank()) {
                refuse(req, 400, "400 Bad Request: missing required Host header");
                return;
            }
        }
        List<String> codings = req.headers().getAll(HttpHeaders.TRANSFER_ENCODING);
        if (!codings.isEmpty() && !(codings.size() == 1 && codings.get(0).trim().equalsIgnoreCase("chunked"))) {
            refuse(req, 400, "400 Bad Request: unsupported transfer encoding");
            return;
        }
        ctx.next();
    }

    /** A plain-text refusal, as Go's server writes it; the connection closes (the body may be unread). */
    private static void refuse(HttpServerRequest req, int status, String reason) {
        req.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
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
