package io.quapr.sidecar.testing.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The app the sidecar delivers to in the tests: a Vert.x HTTP server on a free port that answers
 * {@code GET /dapr/subscribe} with {@code dapr-subscribe.json} and records every delivery. How
 * it answers a delivery is written in the event's data, so each test picks an outcome per
 * message: {@code ok}, {@code retry-then-ok}, {@code 500-then-ok}, {@code drop}, {@code 404},
 * {@code always-500}, {@code always-retry}, {@code garbage} (a 200 with a non-JSON body),
 * {@code 500-twice-then-ok}, {@code slow} (answers after 5 s unless the sidecar closes the
 * connection first, which {@link #connectionClosed} reports).
 */
public final class TestApp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Delivery> DELIVERIES = new CopyOnWriteArrayList<>();
    private static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    private static final List<String> CLOSED = new CopyOnWriteArrayList<>();

    private static Vertx vertx;
    private static HttpServer server;

    private TestApp() {
    }

    /**
     * One request the app received.
     *
     * @param path the request path
     * @param headers its headers, names in lower case
     * @param body its body
     * @param event the body as JSON, or null when it is not JSON
     */
    public record Delivery(String path, Map<String, String> headers, byte[] body, JsonNode event) {

        /** The CloudEvent's data as text. */
        public String data() {
            return event == null ? null : event.path("data").asText();
        }
    }

    /** Starts the app on a free port (once) and returns the port. */
    public static synchronized int start() {
        if (server != null) {
            return server.actualPort();
        }
        byte[] subscribe;
        try (InputStream in = TestApp.class.getResourceAsStream("dapr-subscribe.json")) {
            subscribe = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            if (req.path().equals("/dapr/subscribe")) {
                // said in the test log: a run whose programmatic subscriptions went missing shows
                // whether this app was asked at all
                System.out.println("TestApp on port " + server.actualPort() + " answers " + req.method() + " "
                        + req.path() + " from " + req.remoteAddress() + " with " + subscribe.length + " bytes");
                req.response().putHeader("Content-Type", "application/json").end(Buffer
                        .buffer(subscribe));
                return;
            }
            answer(req, body.getBytes());
        })).listen(0).toCompletionStage().toCompletableFuture().join();
        return server.actualPort();
    }

    /** The bulk bodies the app received, as JSON. */
    public static final List<JsonNode> BULKS = new CopyOnWriteArrayList<>();

    /**
     * A bulk delivery: each entry is recorded as a delivery of its own to the path, and answered
     * as its data says ({@code silent} leaves it out of the answer).
     */
    private static void answerBulk(HttpServerRequest req, byte[] body) {
        JsonNode bulk;
        try {
            bulk = JSON.readTree(body);
        } catch (IOException e) {
            req.response().setStatusCode(400).end();
            return;
        }
        BULKS.add(bulk);
        StringBuilder statuses = new StringBuilder("{\"statuses\":[");
        boolean first = true;
        for (JsonNode entry : bulk.path("entries")) {
            JsonNode event = entry.path("event");
            Delivery d = new Delivery(req.path(), Map.of(), body, event);
            DELIVERIES.add(d);
            String data = d.data();
            String id = entry.path("entryId").asText();
            int attempt = ATTEMPTS.computeIfAbsent(event.path("id").asText(), k -> new AtomicInteger())
                    .incrementAndGet();
            String status = data.startsWith("drop")
                    ? "DROP"
                    : data.startsWith("retry-then-ok") && attempt == 1
                            ? "RETRY"
                            : data.startsWith("silent") ? null : "SUCCESS";
            if (status != null) {
                statuses.append(first ? "" : ",").append("{\"entryId\":\"").append(id).append("\",\"status\":\"")
                        .append(status).append("\"}");
                first = false;
            }
        }
        req.response().putHeader("Content-Type", "application/json").end(statuses.append("]}").toString());
    }

    private static void answer(HttpServerRequest req, byte[] body) {
        if (req.path().equals("/bulk")) {
            answerBulk(req, body);
            return;
        }
        Map<String, String> headers = new TreeMap<>();
        req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        JsonNode event;
        try {
            event = JSON.readTree(body);
        } catch (IOException e) {
            event = null;
        }
        Delivery d = new Delivery(req.path(), headers, body, event);
        DELIVERIES.add(d);
        String data = d.data() == null ? "ok" : d.data();
        String id = event == null ? "" : event.path("id").asText();
        int attempt = ATTEMPTS.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        // the dead-letter route takes everything, whatever the event asked of its first route
        String behaviour = req.path().equals("/dlq")
                ? "ok"
                : data.contains(":") ? data.substring(0, data.indexOf(':')) : data;
        switch (behaviour) {
            case "retry-then-ok" -> json(req, 200, attempt == 1 ? "RETRY" : "SUCCESS");
            case "500-then-ok" -> req.response().setStatusCode(attempt == 1 ? 500 : 200).end();
            case "500-twice-then-ok" -> req.response().setStatusCode(attempt <= 2 ? 500 : 200).end();
            case "slow" -> {
                req.connection().closeHandler(v -> CLOSED.add(data));
                vertx.setTimer(5000, t -> {
                    if (!req.response().closed()) {
                        json(req, 200, "SUCCESS");
                    }
                });
            }
            case "drop" -> json(req, 200, "DROP");
            case "404" -> req.response().setStatusCode(404).end("no such route");
            case "always-500" -> req.response().setStatusCode(500).end("boom");
            case "always-retry" -> json(req, 200, "RETRY");
            case "garbage" -> req.response().setStatusCode(200).end("<html>not json</html>");
            default -> json(req, 200, "SUCCESS");
        }
    }

    private static void json(HttpServerRequest req, int status, String value) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end("{\"status\":\"" + value + "\"}");
    }

    /** Whether the sidecar closed the connection of a {@code slow} delivery with this data. */
    public static boolean connectionClosed(String data) {
        return CLOSED.contains(data);
    }

    /** Every delivery to a path whose event data is the given text, in arrival order. */
    /** Every request the app received at the path. */
    public static List<Delivery> deliveries(String path) {
        return DELIVERIES.stream().filter(d -> d.path().equals(path)).toList();
    }

    public static List<Delivery> deliveries(String path, String data) {
        return DELIVERIES.stream().filter(d -> d.path().equals(path) && data.equals(d.data())).toList();
    }

    /** Waits until a delivery matching the condition arrived, and returns it. */
    public static Delivery await(Predicate<Delivery> condition, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (Delivery d : DELIVERIES) {
                if (condition.test(d)) {
                    return d;
                }
            }
            sleep(10);
        }
        throw new AssertionError("no matching delivery within " + timeout + "; got " + DELIVERIES.stream()
                .map(d -> d.path() + " " + d.data()).toList());
    }

    /** Waits until a path received the event with the given data. */
    public static Delivery await(String path, String data) {
        return await(d -> d.path().equals(path) && data.equals(d.data()), Duration.ofSeconds(10));
    }

    /** Waits for a condition to hold. */
    public static void until(BooleanSupplier condition, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + timeout);
            }
            sleep(10);
        }
    }

    private static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
