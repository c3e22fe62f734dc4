package io.quapr.sidecar.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A real Zipkin v2 receiver for the tests: it parses each JSON array of spans the sidecar POSTs to
 * {@code /api/v2/spans} and keeps them. Started before the sidecar, it writes a Configuration file
 * whose {@code spec.tracing} has {@code zipkin.endpointAddress} pointing at it and {@code stdout:
 * true}, and no {@code otel} section.
 */
public class ZipkinReceiver implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<JsonNode> RECEIVED = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            serve(server, RECEIVED);
            server.start();
            int port = server.getAddress().getPort();
            Path config = Files.createTempFile("tracing-zipkin", ".yaml");
            Files.writeString(config, """
                    apiVersion: dapr.io/v1alpha1
                    kind: Configuration
                    metadata:
                      name: tracing
                    spec:
                      tracing:
                        samplingRate: "1"
                        stdout: true
                        zipkin:
                          endpointAddress: "http://127.0.0.1:%d/api/v2/spans"
                    """.formatted(port));
            Map<String, String> p = new HashMap<>(TracingProperties.forConfigFile(config.toString()));
            p.put("quapr.config-file", config.toString());
            // export at once instead of daprd's batching delay, so the test does not wait
            p.put("quarkus.otel.bsp.schedule.delay", "50ms");
            p.put("test.zipkin.port", Integer.toString(port));
            return p;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /**
     * Receives Zipkin spans on {@code /api/v2/spans} of a server into {@code received}, and serves
     * them back as one JSON array on {@code /zipkin-received}: the test runs in another class
     * loader than the resource, so it reads them over HTTP.
     */
    static void serve(HttpServer server, List<JsonNode> received) {
        server.createContext("/api/v2/spans", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                boolean json = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))
                        .startsWith("application/json");
                JsonNode spans = JSON.readTree(in);
                if (!"POST".equals(exchange.getRequestMethod()) || !json || !spans.isArray()) {
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                spans.forEach(received::add);
                exchange.sendResponseHeaders(202, -1);
            } catch (IOException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.createContext("/zipkin-received", exchange -> {
            ArrayNode all = JSON.createArrayNode();
            received.forEach(all::add);
            byte[] body = JSON.writeValueAsBytes(all);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    /** Every Zipkin span the receiver on {@code port} has received so far. */
    static List<JsonNode> spans(int port) {
        try (InputStream in = URI.create("http://127.0.0.1:" + port + "/zipkin-received").toURL()
                .openStream()) {
            List<JsonNode> spans = new ArrayList<>();
            JSON.readTree(in).forEach(spans::add);
            return spans;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for a Zipkin span matching the condition on the receiver on {@code port}. */
    static JsonNode await(int port, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<JsonNode> spans = List.of();
        while (System.nanoTime() < deadline) {
            spans = spans(port);
            for (JsonNode s : spans) {
                if (condition.test(s)) {
                    return s;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError(
                "no such Zipkin span among " + spans.stream().map(s -> s.path("name").asText()).toList());
    }
}
