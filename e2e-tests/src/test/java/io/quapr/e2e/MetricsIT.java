package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.client.DaprClient;
import io.dapr.client.domain.HttpExtension;
import io.dapr.exceptions.DaprException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "{@code curl :9090/metrics} after a run": the packaged sidecar, driven by the official Java SDK
 * (state on a real Redis under a Resiliency timeout, publish and delivery on the in-memory broker,
 * invocation of a real app, one error), then its Prometheus endpoint is read and the Dapr metric
 * names carry the counts of what was done.
 */
class MetricsIT {

    /** HTTP/1.1: the JDK client's default h2c upgrade once hung a scrape in the sidecar's tests. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void aRunLeavesDaprsMetricsWithItsCounts() throws Exception {
        Files.writeString(dir.resolve("components.yaml"), """
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata:
                  name: cache
                spec:
                  type: state.redis
                  version: v1
                  metadata:
                    - name: redisHost
                      value: 127.0.0.1:6379
                ---
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata:
                  name: events
                spec:
                  type: pubsub.in-memory
                  version: v1
                ---
                apiVersion: dapr.io/v2alpha1
                kind: Subscription
                metadata:
                  name: metered
                spec:
                  pubsubname: events
                  topic: metered
                  routes:
                    default: /metered
                ---
                apiVersion: dapr.io/v1alpha1
                kind: Resiliency
                metadata:
                  name: metered-resiliency
                spec:
                  policies:
                    timeouts:
                      generous: 5s
                  targets:
                    components:
                      cache:
                        outbound:
                          timeout: generous
                """);
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                apiVersion: dapr.io/v1alpha1
                kind: Configuration
                metadata:
                  name: metered
                spec:
                  metrics:
                    enabled: true
                    recordErrorCodes: true
                """);
        int metricsPort = Sidecar.freePort();
        try (EchoHttpApp app = EchoHttpApp.start();
                Sidecar sidecar = Sidecar.start("metrics", "e2e-metered", List.of(), List.of(dir), app.port(),
                        List.of("--config", config.toString(), "--metrics-port", Integer.toString(metricsPort)));
                DaprClient dapr = sidecar.javaClient()) {
            String key = "m-" + UUID.randomUUID();
            dapr.saveState("cache", key, "v").block(Duration.ofSeconds(30));
            for (int i = 0; i < 5; i++) {
                dapr.getState("cache", key, String.class).block(Duration.ofSeconds(30));
            }
            for (int i = 0; i < 3; i++) {
                dapr.publishEvent("events", "metered", "event-" + i).block(Duration.ofSeconds(30));
            }
            for (int i = 0; i < 2; i++) {
                dapr.invokeMethod("e2e-metered", "hello", "hi".getBytes(), HttpExtension.POST, byte[].class)
                        .block(Duration.ofSeconds(30));
            }
            assertThrows(DaprException.class,
                    () -> dapr.getState("no-such-store", key, String.class).block(Duration.ofSeconds(30)));

            Map<String, Double> m = awaitScrape(metricsPort, s -> sum(s, "dapr_component_pubsub_ingress_count",
                    "topic=\"metered\"") >= 3);

            assertEquals(5, sum(m, "dapr_component_state_count", "component=\"cache\"", "operation=\"get\"",
                    "success=\"true\""), () -> lines(m, "dapr_component_state_count"));
            assertEquals(1, sum(m, "dapr_component_state_count", "component=\"cache\"", "operation=\"set\"",
                    "success=\"true\""), () -> lines(m, "dapr_component_state_count"));
            assertEquals(5, sum(m, "dapr_component_state_latencies_count", "component=\"cache\"",
                    "operation=\"get\""), () -> lines(m, "dapr_component_state_latencies_count"));
            assertEquals(3, sum(m, "dapr_component_pubsub_egress_count", "component=\"events\"", "topic=\"metered\"",
                    "success=\"true\""), () -> lines(m, "dapr_component_pubsub_egress_count"));
            assertEquals(3, sum(m, "dapr_component_pubsub_ingress_count", "component=\"events\"",
                    "topic=\"metered\"", "process_status=\"success\""),
                    () -> lines(m, "dapr_component_pubsub_ingress_count"));
            assertEquals(5, sum(m, "dapr_grpc_io_server_completed_rpcs", "GetState", "grpc_server_status=\"OK\""),
                    () -> lines(m, "dapr_grpc_io_server_completed_rpcs"));
            assertEquals(1, sum(m, "dapr_grpc_io_server_completed_rpcs", "GetState",
                    "grpc_server_status=\"InvalidArgument\""), () -> lines(m, "dapr_grpc_io_server_completed_rpcs"));
            assertEquals(2, sum(m, "dapr_http_server_request_count", "method=\"POST\"", "status=\"200\""),
                    () -> lines(m, "dapr_http_server_request_count"));
            assertTrue(sum(m, "dapr_http_server_latency_count", "status=\"200\"") >= 2, m.toString());
            assertEquals(1, sum(m, "dapr_error_code_total", "error_code=\"ERR_STATE_STORE_NOT_FOUND\""),
                    () -> lines(m, "dapr_error_code_total"));
            assertTrue(sum(m, "dapr_resiliency_count", "policy=\"timeout\"", "flow_direction=\"outbound\"") >= 6,
                    "every cache call ran under the timeout policy: " + m);
            // every series is labelled with the app id: Dapr's dashboards filter on it
            assertTrue(m.keySet().stream().filter(k -> k.startsWith("dapr_")).allMatch(k -> k.contains(
                    "app_id=\"e2e-metered\"")), m.keySet().toString());
        }
    }

    /** Reads {@code /metrics} until the condition holds (deliveries land in the background). */
    private static Map<String, Double> awaitScrape(int port, Predicate<Map<String, Double>> ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Map<String, Double> m = scrape(port);
        while (!ready.test(m) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            m = scrape(port);
        }
        return m;
    }

    /** One Prometheus text scrape as series (name and labels, as printed) to value. */
    private static Map<String, Double> scrape(int port) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return series;
    }

    /** The sum over the series of one metric whose labels contain every fragment. */
    private static double sum(Map<String, Double> m, String metric, String... fragments) {
        return m.entrySet().stream().filter(e -> e.getKey().startsWith(metric + "{"))
                .filter(e -> List.of(fragments).stream().allMatch(e.getKey()::contains))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** The series of one metric, for a failure's message. */
    private static String lines(Map<String, Double> m, String metric) {
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> {
            if (k.startsWith(metric)) {
                b.append(k).append(' ').append(v).append('\n');
            }
        });
        return b.toString();
    }
}
