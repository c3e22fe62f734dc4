package io.quapr.sidecar.testing.app;

import io.quapr.testsupport.tls.TestCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The app of the app-channel tests: a Vert.x HTTP server on a free port (plain, TLS with a
 * certificate no one trusts, or HTTP/2 cleartext), subscribed to {@code channel-orders} on the
 * {@code memory} pubsub with route {@code /orders}. It answers {@code /healthz} with
 * {@link #HEALTH_STATUS}, holds each request to {@code /orders} or {@code /slow} for
 * {@link #DELAY_MS} and counts how many it holds at once.
 */
public final class ChannelTestApp {

    /** The status {@code /healthz} answers with. */
    public static final AtomicInteger HEALTH_STATUS = new AtomicInteger(200);
    /** Probes answered with a non-2xx status. */
    public static final AtomicInteger FAILED_PROBES = new AtomicInteger();
    /** How long {@code /orders} and {@code /slow} hold a request before answering. */
    public static final AtomicInteger DELAY_MS = new AtomicInteger();
    /** Requests to {@code /orders} and {@code /slow} being held now, and the most at once. */
    public static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    public static final AtomicInteger MAX_IN_FLIGHT = new AtomicInteger();
    /** Event data delivered to {@code /orders}, in arrival order. */
    public static final List<String> DELIVERED = new CopyOnWriteArrayList<>();
    /** For each delivery: whether it came over TLS, and its HTTP version. */
    public static final List<String> TRANSPORTS = new CopyOnWriteArrayList<>();

    private static final String SUBSCRIBE = "[{\"pubsubname\":\"memory\",\"topic\":\"channel-orders\",\"route\":\"/orders\"}]";

    /** The running apps by port. */
    private static final Map<Integer, Vertx> RUNNING = new ConcurrentHashMap<>();

    private ChannelTestApp() {
    }

    /** How the app listens. */
    public enum Mode {
        HTTP,
        HTTPS,
        H2C
    }

    /** Starts the app on a free port and returns the port. */
    public static synchronized int start(Mode mode) {
        return start(mode, 0);
    }

    /** Starts the app on the port given ({@code 0}: a free one) and returns the port. */
    public static synchronized int start(Mode mode, int port) {
        reset();
        HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(port);
        if (mode == Mode.HTTPS) {
            Path[] pem = certificate();
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(pem[1].toString())
                    .setKeyPath(pem[2].toString()));
        } else if (mode == Mode.H2C) {
            options.setHttp2ClearTextEnabled(true);
        }
        Vertx vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer(options).requestHandler(ChannelTestApp::handle).listen()
                .toCompletionStage().toCompletableFuture().join();
        RUNNING.put(server.actualPort(), vertx);
        return server.actualPort();
    }

    /**
     * Stops the app started on that port, and only that one: the test resources of consecutive
     * test classes overlap, so the next class's app may already be running when this one stops.
     */
    public static void stop(int port) {
        Vertx vertx = RUNNING.remove(port);
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** Puts every counter back. */
    public static void reset() {
        HEALTH_STATUS.set(200);
        FAILED_PROBES.set(0);
        DELAY_MS.set(0);
        IN_FLIGHT.set(0);
        MAX_IN_FLIGHT.set(0);
        DELIVERED.clear();
        TRANSPORTS.clear();
    }

    private static void handle(HttpServerRequest req) {
        req.body().onSuccess(body -> {
            switch (req.path()) {
                case "/dapr/subscribe" -> req.response().putHeader("content-type", "application/json").end(SUBSCRIBE);
                case "/healthz" -> {
                    int status = HEALTH_STATUS.get();
                    if (status < 200 || status > 299) {
                        FAILED_PROBES.incrementAndGet();
                    }
                    req.response().setStatusCode(status).end();
                }
                case "/orders", "/slow" -> {
                    int now = IN_FLIGHT.incrementAndGet();
                    MAX_IN_FLIGHT.accumulateAndGet(now, Math::max);
                    Vertx.currentContext().owner().setTimer(Math.max(1, DELAY_MS.get()), t -> {
                        IN_FLIGHT.decrementAndGet();
                        if (req.path().equals("/orders")) {
                            TRANSPORTS.add((req.isSSL() ? "tls " : "plain ") + req.version());
                            DELIVERED.add(new JsonObject(body).getString("data"));
                        }
                        req.response().putHeader("content-type", "application/json").end("{\"status\":\"SUCCESS\"}");
                    });
                }
                default -> req.response().setStatusCode(404).end();
            }
        });
    }

    private static Path[] certificate() {
        try {
            Path dir = Files.createTempDirectory("quapr-app-tls-");
            return TestCertificates.authority("app-ca").issue(dir, "app", "spiffe://public/ns/default/app");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
