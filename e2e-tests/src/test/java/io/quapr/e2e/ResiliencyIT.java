package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprHttp;
import io.dapr.client.domain.HttpExtension;
import io.dapr.client.domain.State;
import io.dapr.exceptions.DaprException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Java SDK against the packaged sidecar with a Resiliency file.
 * <ul>
 * <li>State operations on a real Redis go through a timeout and a circuit breaker
 * ({@code components.cache.outbound}). When Redis becomes unreachable (its proxy is closed) the
 * breaker opens and SDK calls fail fast with daprd's error; the sidecar stays healthy; when Redis
 * is back the breaker closes after its timeout and the same value reads back.</li>
 * <li>Service invocation of a real app under {@code apps.<appId>}: a method failing twice
 * succeeds on the third and last attempt of {@code maxRetries: 2}; a slow method is cut by the
 * timeout on each attempt.</li>
 * </ul>
 */
class ResiliencyIT {

    /** HTTP/1.1: the JDK client's default h2c upgrade once hung a scrape in the sidecar's tests. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void stateThroughABreakerOnRealRedis() throws Exception {
        try (BlockingTcpProxy proxy = new BlockingTcpProxy(6379)) {
            int port = proxy.start();
            Files.writeString(dir.resolve("cache.yaml"), """
                    apiVersion: dapr.io/v1alpha1
                    kind: Component
                    metadata:
                      name: cache
                    spec:
                      type: state.redis
                      version: v1
                      metadata:
                        - name: redisHost
                          value: 127.0.0.1:%d
                        - name: redisMaxRetries
                          value: "0"
                    """.formatted(port));
            Files.writeString(dir.resolve("resiliency.yaml"), """
                    apiVersion: dapr.io/v1alpha1
                    kind: Resiliency
                    metadata:
                      name: e2e-resiliency
                    spec:
                      policies:
                        timeouts:
                          fast: 500ms
                        circuitBreakers:
                          cacheBreaker:
                            maxRequests: 1
                            timeout: 3s
                            trip: consecutiveFailures >= 2
                      targets:
                        components:
                          cache:
                            outbound:
                              timeout: fast
                              circuitBreaker: cacheBreaker
                    """);
            try (Sidecar sidecar = Sidecar.start("resiliency", "e2e-resiliency", List.of(), List.of(dir));
                    DaprClient dapr = sidecar.javaClient()) {
                String key = "k-" + UUID.randomUUID();
                dapr.saveState("cache", key, "v1").block(Duration.ofSeconds(30));
                assertEquals("v1", dapr.getState("cache", key, String.class).block(Duration.ofSeconds(30)).getValue());
                assertTrue(dapr.getMetadata().block(Duration.ofSeconds(30)).getAttributes()
                        .get("quapr.resiliency").contains("components.cache.outbound"));

                proxy.stop();
                for (int i = 0; i < 2; i++) {
                    DaprException e = assertThrows(DaprException.class,
                            () -> dapr.getState("cache", key, String.class).block(Duration.ofSeconds(30)));
                    assertTrue(e.getMessage().contains("fail to get " + key + " from state store cache"),
                            e.getMessage());
                }
                long start = System.nanoTime();
                DaprException open = assertThrows(DaprException.class,
                        () -> dapr.getState("cache", key, String.class).block(Duration.ofSeconds(30)));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(open.getMessage().contains("circuit breaker is open"), open.getMessage());
                assertTrue(millis < 300, "fails fast while open: " + millis + "ms");
                dapr.waitForSidecar(5000).block(Duration.ofSeconds(10));

                proxy.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                State<String> back = null;
                while (back == null && System.nanoTime() < deadline) {
                    try {
                        back = dapr.getState("cache", key, String.class).block(Duration.ofSeconds(30));
                    } catch (DaprException e) {
                        Thread.sleep(200);
                    }
                }
                assertTrue(back != null, "the breaker closed again once Redis was back");
                assertEquals("v1", back.getValue());
                dapr.deleteState("cache", key).block(Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void invocationRetriesAndTimeoutsOnARealApp() throws Exception {
        Files.writeString(dir.resolve("resiliency.yaml"), """
                apiVersion: dapr.io/v1alpha1
                kind: Resiliency
                metadata:
                  name: e2e-invoke-resiliency
                spec:
                  policies:
                    timeouts:
                      attempt: 500ms
                    retries:
                      twice:
                        policy: constant
                        duration: 20ms
                        maxRetries: 2
                  targets:
                    apps:
                      e2e-retrying:
                        timeout: attempt
                        retry: twice
                """);
        try (EchoHttpApp app = EchoHttpApp.start();
                Sidecar sidecar = Sidecar.start("resiliency-invoke", "e2e-retrying", List.of(), List.of(dir),
                        app.port());
                DaprClient dapr = sidecar.javaClient()) {
            String flaky = "flaky-" + UUID.randomUUID();
            byte[] answer = dapr.invokeMethod("e2e-retrying", flaky, "payload".getBytes(),
                    post("fail", "2"), byte[].class).block(Duration.ofSeconds(30));
            assertEquals("payload", new String(answer));
            String attempts = get(sidecar, "/v1.0/invoke/e2e-retrying/method/" + flaky)
                    .headers().firstValue("x-echo-attempt").orElse("");
            assertEquals("4", attempts, "three attempts by the SDK's call (two failed), then this one");

            String down = "down-" + UUID.randomUUID();
            DaprException exhausted = assertThrows(DaprException.class, () -> dapr.invokeMethod("e2e-retrying",
                    down, "x".getBytes(), post("fail", "9"), byte[].class).block(Duration.ofSeconds(30)));
            assertTrue(exhausted.getMessage().contains("503"), exhausted.getMessage());
            assertEquals("4", get(sidecar, "/v1.0/invoke/e2e-retrying/method/" + down)
                    .headers().firstValue("x-echo-attempt").orElse(""), "exactly 3 attempts before");

            long start = System.nanoTime();
            DaprException slow = assertThrows(DaprException.class, () -> dapr.invokeMethod("e2e-retrying",
                    "slow-" + UUID.randomUUID(), null, new HttpExtension(DaprHttp.HttpMethods.GET,
                            Map.of("delay", List.of("5000")), Map.of()),
                    byte[].class)
                    .block(Duration.ofSeconds(30)));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(slow.getMessage().contains("ERR_DIRECT_INVOKE"), slow.getMessage());
            // three attempts cut at 500ms each, not one of 5s
            assertTrue(millis >= 1400 && millis < 4000, "took " + millis + "ms");
        }
    }

    private static HttpExtension post(String queryParameter, String value) {
        return new HttpExtension(DaprHttp.HttpMethods.POST, Map.of(queryParameter, List.of(value)), Map.of());
    }

    private static HttpResponse<String> get(Sidecar sidecar, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
