package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.sun.net.httpserver.HttpServer;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.HttpExtension;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One trace across two packaged sidecars, as seen by a real OTLP/HTTP receiver in this JVM: app A
 * publishes with the Java SDK through sidecar A to Redis, sidecar B delivers to app B; app A
 * invokes app B with the SDK through both sidecars. Each hop's span is the parent of the next,
 * and app B is called with the trace id the publish or the call started.
 */
class TracingIT {

    private static final String A = "e2e-traced-a";
    private static final String B = "e2e-traced-b";

    @TempDir
    Path dir;

    /** A span and the {@code service.name} of the sidecar that exported it. */
    record Exported(String service, Span span) {

        String traceId() {
            return hex(span.getTraceId().toByteArray());
        }

        String spanId() {
            return hex(span.getSpanId().toByteArray());
        }

        String parentId() {
            return hex(span.getParentSpanId().toByteArray());
        }
    }

    private final List<Exported> received = new CopyOnWriteArrayList<>();

    @Test
    void aPublishAndAnInvocationEachMakeOneTraceAcrossBothSidecars() throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/v1/traces", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                keep(ExportTraceServiceRequest.parseFrom(in.readAllBytes()));
                byte[] ok = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, ok.length == 0 ? -1 : ok.length);
                exchange.getResponseBody().write(ok);
            } catch (IOException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        receiver.start();
        Path config = dir.resolve("tracing.yaml");
        Files.writeString(config, """
                apiVersion: dapr.io/v1alpha1
                kind: Configuration
                metadata:
                  name: traced
                spec:
                  tracing:
                    samplingRate: "1"
                    otel:
                      endpointAddress: "127.0.0.1:%d"
                      protocol: http
                      isSecure: false
                """.formatted(receiver.getAddress().getPort()));
        Path resources = Files.createDirectories(dir.resolve("resources"));
        String topic = "traced-" + UUID.randomUUID();
        Files.writeString(resources.resolve("pubsub.yaml"), """
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata:
                  name: traced-events
                spec:
                  type: pubsub.redis
                  version: v1
                  metadata:
                    - name: redisHost
                      value: 127.0.0.1:6379
                ---
                apiVersion: dapr.io/v2alpha1
                kind: Subscription
                metadata:
                  name: traced
                spec:
                  pubsubname: traced-events
                  topic: %s
                  routes:
                    default: /traced
                scopes:
                  - %s
                """.formatted(topic, B));
        // export at once rather than after the batching delay; both share one name-resolution file
        List<String> jvm = List.of("-Dquarkus.otel.bsp.schedule.delay=50ms", "-Dquapr.data-dir=" + dir.resolve("data"));
        List<String> flags = List.of("--config", config.toString(), "--dapr-internal-grpc-port",
                Integer.toString(Sidecar.freePort()));
        try (EchoHttpApp appB = EchoHttpApp.start();
                Sidecar sidecarB = Sidecar.start("traced-b", B, jvm, List.of(resources), appB.port(), flags);
                Sidecar sidecarA = Sidecar.start("traced-a", A, jvm, List.of(resources), 0, List.of("--config",
                        config.toString(), "--dapr-internal-grpc-port", Integer.toString(Sidecar.freePort())));
                DaprClient dapr = sidecarA.javaClient()) {
            // publish until one arrives: the Redis consumer group of B starts in the background
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (EchoHttpApp.lastHeaders("/traced") == null && System.nanoTime() < deadline) {
                dapr.publishEvent("traced-events", topic, Map.of("n", 1)).block(Duration.ofSeconds(30));
                Thread.sleep(300);
            }
            String[] delivered = assertHasTraceparent(EchoHttpApp.lastHeaders("/traced"));
            Exported delivery = await(
                    "of B with id " + delivered[1] + " (app B saw " + EchoHttpApp.lastHeaders("/traced") + ")",
                    e -> e.service().equals(B) && e.spanId().equals(delivered[1]));
            assertEquals("pubsub/" + topic, delivery.span().getName(), "app B is called as a child of B's delivery");
            assertEquals(delivered[0], delivery.traceId());
            Exported publish = await("of A with id " + delivery.parentId(),
                    e -> e.service().equals(A) && e.spanId().equals(delivery.parentId()));
            assertEquals(delivered[0], publish.traceId(), "the publish started the trace the subscriber continues");
            assertEquals("/dapr.proto.runtime.v1.Dapr/PublishEvent", publish.span().getName());

            dapr.invokeMethod(B, "traced-call", "hi".getBytes(), HttpExtension.POST, byte[].class)
                    .block(Duration.ofSeconds(30));
            String[] called = assertHasTraceparent(EchoHttpApp.lastHeaders("/traced-call"));
            Exported callee = await("of B with id " + called[1],
                    e -> e.service().equals(B) && e.spanId().equals(called[1]));
            assertEquals("CallLocal/" + B + "/traced-call", callee.span().getName());
            assertEquals(Span.SpanKind.SPAN_KIND_SERVER, callee.span().getKind());
            Exported caller = await("of A with id " + callee.parentId(),
                    e -> e.service().equals(A) && e.spanId().equals(callee.parentId()));
            assertEquals("CallLocal/" + B + "/traced-call", caller.span().getName());
            assertEquals(called[0], caller.traceId());
        } finally {
            receiver.stop(0);
        }
    }

    /** The trace id and parent span id of a {@code traceparent} header. */
    private static String[] assertHasTraceparent(Map<String, String> headers) {
        assertNotNull(headers, "app B was called");
        String tp = headers.get("traceparent");
        assertNotNull(tp, "app B got a traceparent: " + headers);
        String[] parts = tp.split("-");
        return new String[] { parts[1], parts[2] };
    }

    private void keep(ExportTraceServiceRequest request) {
        for (ResourceSpans rs : request.getResourceSpansList()) {
            String service = rs.getResource().getAttributesList().stream()
                    .filter(a -> a.getKey().equals("service.name")).map(KeyValue::getValue)
                    .map(v -> v.getStringValue()).findFirst().orElse("");
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                ss.getSpansList().forEach(s -> received.add(new Exported(service, s)));
            }
        }
    }

    private Exported await(String what, Predicate<Exported> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (Exported e : received) {
                if (condition.test(e)) {
                    return e;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no span " + what + " among " + received.stream()
                .map(e -> e.service() + ":" + e.span().getName() + ":" + e.spanId() + "<-" + e.parentId()).toList());
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
