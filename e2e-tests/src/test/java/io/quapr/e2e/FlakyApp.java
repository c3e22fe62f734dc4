package io.quapr.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The subscribing app of {@link PubSubReliabilityIT}: an HTTP server in the test JVM that refuses
 * (500) the first delivery of a fixed ~10% of the messages, chosen by a hash of the test's own
 * message id ({@code data.id}), so the same messages fail on every run. It can be stopped (its
 * port then refuses connections) and started again on the same port, keeping its counts.
 *
 * <p>It subscribes programmatically to one topic (route {@code /messages}) with a dead-letter
 * topic it also subscribes to (route {@code /dead}); a message that reaches either has arrived.
 * Ids starting with {@code probe-} are the test's subscription probes and are kept apart from the
 * counts.
 */
final class FlakyApp implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String pubsub;
    private final String topic;
    private final String dead;
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final Set<String> taken = ConcurrentHashMap.newKeySet();
    private final Set<String> deadLettered = ConcurrentHashMap.newKeySet();
    private final Set<String> probes = ConcurrentHashMap.newKeySet();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicInteger distinct = new AtomicInteger();
    private int port;
    private HttpServer server;

    /**
     * Starts the app on a free loopback port.
     *
     * @param pubsub the component name of its subscriptions
     * @param topic the topic it subscribes to
     * @param dead that topic's dead-letter topic, which it also subscribes to
     */
    FlakyApp(String pubsub, String topic, String dead) {
        this.pubsub = pubsub;
        this.topic = topic;
        this.dead = dead;
        start();
    }

    /** Whether the first delivery of this message is refused: a fixed ~10% of the ids. */
    static boolean refusesFirst(String id) {
        // spread the hash so that neighbouring ids (m-00001, m-00002) do not fail in a pattern
        int h = id.hashCode() * 0x9E3779B1;
        return Integer.remainderUnsigned(h ^ (h >>> 16), 10) == 0;
    }

    /**
     * Listens again (first time on a free port, afterwards on the same one). A port just closed
     * may take a moment to be free again, so binding is retried for a few seconds.
     */
    synchronized void start() {
        if (server != null) {
            return;
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                break;
            } catch (BindException e) {
                if (System.nanoTime() > deadline) {
                    throw new UncheckedIOException("cannot listen on port " + port + " again", e);
                }
                TestHttp.sleep(50);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the test app", e);
            }
        }
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    /** Stops listening at once: connections are closed, new ones refused. */
    synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
        server = null;
    }

    /** The port the app listens on (the same after a restart). */
    int port() {
        return port;
    }

    /** Messages (not probes) delivered at least once, refused or taken. */
    int distinct() {
        return distinct.get();
    }

    /** Messages the app took: answered success on the topic, or received as a dead letter. */
    int arrivedCount() {
        return taken.size();
    }

    /** Whether the app took the message with this id (success, or as a dead letter). */
    boolean arrived(String id) {
        return taken.contains(id);
    }

    /** How many times a message with this id was delivered (0 if never). */
    int deliveries(String id) {
        AtomicInteger n = deliveries.get(id);
        return n == null ? 0 : n.get();
    }

    /** Deliveries of messages (not probes), first ones and redeliveries, refused or taken. */
    long total() {
        return total.get();
    }

    /** Deliveries answered with 500. */
    long refused() {
        return refused.get();
    }

    /** Messages that arrived on the dead-letter topic. */
    int deadLettered() {
        return deadLettered.size();
    }

    /** Whether a probe with this id arrived on {@code path}'s topic ({@code /messages} or {@code /dead}). */
    boolean probed(String path, String id) {
        return probes.contains(path + " " + id);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("GET") && path.equals("/dapr/subscribe")) {
                TestHttp.respond(exchange, 200, subscriptions().toString());
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                TestHttp.respond(exchange, 404, "");
                return;
            }
            JsonNode event = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String id = event.path("data").path("id").asText("");
            if (id.startsWith("probe-")) {
                probes.add(path + " " + id);
                TestHttp.respond(exchange, 200, "{\"status\":\"SUCCESS\"}");
                return;
            }
            total.incrementAndGet();
            int attempt = deliveries.computeIfAbsent(id, k -> {
                distinct.incrementAndGet();
                return new AtomicInteger();
            }).incrementAndGet();
            if (path.equals("/dead")) {
                deadLettered.add(id);
                taken.add(id);
                TestHttp.respond(exchange, 200, "{\"status\":\"SUCCESS\"}");
                return;
            } else if (attempt == 1 && refusesFirst(id)) {
                refused.incrementAndGet();
                TestHttp.respond(exchange, 500, "{\"error\":\"refused on purpose\"}");
                return;
            }
            taken.add(id);
            TestHttp.respond(exchange, 200, "{\"status\":\"SUCCESS\"}");
        }
    }

    private ArrayNode subscriptions() {
        ArrayNode subs = JSON.createArrayNode();
        subs.addObject().put("pubsubname", pubsub).put("topic", topic).put("route", "/messages")
                .put("deadLetterTopic", dead);
        subs.addObject().put("pubsubname", pubsub).put("topic", dead).put("route", "/dead");
        return subs;
    }

    @Override
    public void close() {
        stop();
    }
}
