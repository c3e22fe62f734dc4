package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.client.DaprClient;
import io.dapr.client.domain.State;
import io.dapr.exceptions.DaprException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Java SDK against the packaged sidecar with a Resiliency file: state operations on
 * a real Redis go through a timeout and a circuit breaker ({@code components.cache.outbound}).
 * When Redis becomes unreachable (its proxy is closed) the breaker opens and SDK calls fail fast
 * with daprd's error; the sidecar stays healthy; when Redis is back the breaker closes after its
 * timeout and the same value reads back.
 */
class ResiliencyIT {

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
}
