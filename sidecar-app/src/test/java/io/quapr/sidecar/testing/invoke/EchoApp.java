package io.quapr.sidecar.testing.invoke;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The app called by the invocation tests: a Vert.x HTTP server on a free port that answers every
 * request with the body it received, the status asked for in the {@code status} query
 * parameter (200 by default), and headers saying what it saw: {@code x-echo-method},
 * {@code x-echo-path}, {@code x-echo-query}, and {@code x-seen-<name>} for each request header.
 * For resiliency tests: {@code fail=<n>} answers 503 to the first n requests of the same path
 * ({@code x-echo-attempt} says which request it was), {@code delay=<ms>} answers that late.
 */
public final class EchoApp {

    private static Vertx vertx;
    private static HttpServer server;
    private static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    private EchoApp() {
    }

    /** Starts the app (once) and returns its port. */
    public static synchronized int start() {
        if (server != null) {
            return server.actualPort();
        }
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            String status = req.getParam("status");
            int attempt = ATTEMPTS.computeIfAbsent(req.path(), k -> new AtomicInteger())
                    .incrementAndGet();
            String fail = req.getParam("fail");
            if (fail != null && attempt <= Integer.parseInt(fail)) {
                status = "503";
            }
            var resp = req.response().setStatusCode(status == null ? 200 : Integer.parseInt(status));
            resp.putHeader("x-echo-attempt", Integer.toString(attempt));
            resp.putHeader("x-echo-method", req.method().name()).putHeader("x-echo-path", req.path())
                    .putHeader("x-echo-query", req.query() == null ? "" : req.query());
            for (Map.Entry<String, String> h : req.headers()) {
                resp.headers().add("x-seen-" + h.getKey().toLowerCase(), h.getValue());
            }
            String type = req.getHeader("content-type");
            if (type != null) {
                resp.putHeader("content-type", type);
            }
            String delay = req.getParam("delay");
            if (delay != null) {
                vertx.setTimer(Long.parseLong(delay), t -> {
                    if (!resp.closed()) {
                        resp.end(body);
                    }
                });
                return;
            }
            resp.end(body);
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        return server.actualPort();
    }

}
