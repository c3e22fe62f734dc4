package io.quapr.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The subscribing app of the pub/sub end-to-end tests: a small HTTP server in the test JVM on a
 * free loopback port (the sidecar's {@code --app-port}). It answers {@code GET /dapr/subscribe}
 * with its programmatic subscriptions and records every delivery. How it answers a delivery is
 * chosen by the event's {@code data.action}: {@code retry-once} ({@code {"status":"RETRY"}} the
 * first time, then success), {@code drop} ({@code {"status":"DROP"}}), {@code not-found} (404),
 * {@code poison} (500, always); anything else is taken ({@code {"status":"SUCCESS"}}).
 * Deliveries on the dead-letter route are always taken.
 */
final class SubscriberApp implements AutoCloseable {

    /** Routing rule of the orders topic: events whose data has {@code kind == "special"}. */
    static final String SPECIAL_MATCH = "event.data.kind == \"special\"";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One delivery as the app saw it. */
    record Delivery(String path, Map<String, String> headers, JsonNode event, int attempt) {

        /** The test's own id of the event: {@code data.id} of JSON data, the text of text data. */
        String marker() {
            JsonNode data = event.path("data");
            if (data.isObject()) {
                return data.path("id").asText("");
            }
            if (event.hasNonNull("data_base64")) {
                return new String(Base64.getDecoder().decode(event.path("data_base64").asText()),
                        StandardCharsets.UTF_8);
            }
            return data.asText("");
        }
    }

    private final String pubsub;
    private final String orders;
    private final String dead;
    private final String raw;
    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final AtomicInteger subscribeCalls = new AtomicInteger();

    /**
     * Starts the app.
     *
     * @param pubsub the component name the subscriptions use
     * @param orders the topic with a routing rule, a default route and a dead-letter topic
     * @param dead that dead-letter topic, which the app also subscribes to
     * @param raw a topic subscribed with {@code rawPayload: "true"}
     */
    SubscriberApp(String pubsub, String orders, String dead, String raw) {
        this.pubsub = pubsub;
        this.orders = orders;
        this.dead = dead;
        this.raw = raw;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test app", e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    /** The port the app listens on. */
    int port() {
        return server.getAddress().getPort();
    }

    /** How many times the sidecar asked for the subscriptions. */
    int subscribeCalls() {
        return subscribeCalls.get();
    }

    /** Every delivery so far. */
    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The deliveries so far to {@code path} of events with {@code marker}. */
    List<Delivery> deliveries(String path, String marker) {
        return deliveries.stream().filter(d -> d.path().equals(path) && d.marker().equals(marker)).toList();
    }

    /** Waits until {@code count} deliveries to {@code path} of events with {@code marker} arrived. */
    List<Delivery> await(String path, String marker, int count, Duration timeout) {
        return await(d -> d.path().equals(path) && d.marker().equals(marker), count, timeout,
                "delivery to " + path + " of " + marker);
    }

    /** Waits until {@code count} deliveries match. */
    List<Delivery> await(Predicate<Delivery> which, int count, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Delivery> found = deliveries.stream().filter(which).toList();
            if (found.size() >= count) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " " + what + " within " + timeout + ", got "
                        + found.size() + "; all deliveries: " + summary());
            }
            TestHttp.sleep(20);
        }
    }

    /** Path and marker of every delivery, for failure messages. */
    String summary() {
        List<String> lines = new ArrayList<>();
        for (Delivery d : deliveries) {
            lines.add(d.path() + " " + d.marker() + " #" + d.attempt());
        }
        return lines.toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("GET") && path.equals("/dapr/subscribe")) {
                subscribeCalls.incrementAndGet();
                TestHttp.respond(exchange, 200, subscriptions().toString());
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                TestHttp.respond(exchange, 404, "");
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders()
                    .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            JsonNode event;
            try {
                event = JSON.readTree(body);
            } catch (IOException e) {
                event = JSON.createObjectNode().put("unparsable", new String(body, StandardCharsets.UTF_8));
            }
            int attempt = attempts.computeIfAbsent(path + " " + event.path("id").asText(), k -> new AtomicInteger())
                    .incrementAndGet();
            deliveries.add(new Delivery(path, Map.copyOf(headers), event, attempt));
            String action = path.equals("/dead") ? "" : event.path("data").path("action").asText("");
            switch (action) {
                case "retry-once" -> TestHttp.respond(exchange, 200, attempt == 1
                        ? "{\"status\":\"RETRY\"}"
                        : "{\"status\":\"SUCCESS\"}");
                case "drop" -> TestHttp.respond(exchange, 200, "{\"status\":\"DROP\"}");
                case "not-found" -> TestHttp.respond(exchange, 404, "");
                case "poison" -> TestHttp.respond(exchange, 500, "{\"error\":\"poison\"}");
                default -> TestHttp.respond(exchange, 200, "{\"status\":\"SUCCESS\"}");
            }
        }
    }

    /** daprd's {@code /dapr/subscribe} answer: a rule and a default route, a dead letter, raw. */
    private ArrayNode subscriptions() {
        ArrayNode subs = JSON.createArrayNode();
        ObjectNode o = subs.addObject().put("pubsubname", pubsub).put("topic", orders).put("deadLetterTopic", dead);
        ObjectNode routes = o.putObject("routes");
        routes.putArray("rules").addObject().put("match", SPECIAL_MATCH).put("path", "/special");
        routes.put("default", "/orders");
        subs.addObject().put("pubsubname", pubsub).put("topic", dead).put("route", "/dead");
        subs.addObject().put("pubsubname", pubsub).put("topic", raw).put("route", "/raw").putObject("metadata")
                .put("rawPayload", "true");
        return subs;
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
