package io.quapr.sidecar.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A real OTLP/HTTP trace receiver for the tests: it decodes each
 * {@code ExportTraceServiceRequest} the sidecar's exporter posts and keeps the spans. Started
 * before the sidecar, it writes a Configuration file whose {@code spec.tracing.otel} and
 * {@code spec.tracing.zipkin} point at it (Zipkin spans: {@link ZipkinReceiver#serve}), and hands
 * the sidecar that file as {@code --config} would.
 */
public class OtlpReceiver implements QuarkusTestResourceLifecycleManager {

    private static final List<byte[]> RECEIVED = new CopyOnWriteArrayList<>();
    private static final List<JsonNode> ZIPKIN = new CopyOnWriteArrayList<>();
    private static HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            // the test runs in another class loader than this resource: it reads what came in over HTTP
            server.createContext("/received", exchange -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (byte[] r : RECEIVED) {
                    ExportTraceServiceRequest.parseFrom(r).writeDelimitedTo(out);
                }
                exchange.sendResponseHeaders(200, out.size() == 0 ? -1 : out.size());
                exchange.getResponseBody().write(out.toByteArray());
                exchange.close();
            });
            server.createContext("/v1/traces", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    byte[] body = in.readAllBytes();
                    ExportTraceServiceRequest.parseFrom(body);
                    RECEIVED.add(body);
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
            // Zipkin on the same server: OTLP and Zipkin export side by side
            ZipkinReceiver.serve(server, ZIPKIN);
            server.start();
            Path config = Files.createTempFile("tracing", ".yaml");
            Files.writeString(config, """
                    apiVersion: dapr.io/v1alpha1
                    kind: Configuration
                    metadata:
                      name: tracing
                    spec:
                      tracing:
                        samplingRate: "1"
                        otel:
                          endpointAddress: "127.0.0.1:%1$d"
                          protocol: http
                          isSecure: false
                        zipkin:
                          endpointAddress: "http://127.0.0.1:%1$d/api/v2/spans"
                    """.formatted(server.getAddress().getPort()));
            Map<String, String> p = new HashMap<>(TracingProperties.forConfigFile(config.toString()));
            p.put("quapr.config-file", config.toString());
            // export at once instead of daprd's batching delay, so the test does not wait
            p.put("quarkus.otel.bsp.schedule.delay", "50ms");
            p.put("test.otlp.port", Integer.toString(server.getAddress().getPort()));
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

    /** Every span received so far. */
    static List<Span> spans() {
        int port = ConfigProvider.getConfig().getValue("test.otlp.port", Integer.class);
        List<Span> spans = new ArrayList<>();
        try (InputStream in = URI.create("http://127.0.0.1:" + port + "/received").toURL().openStream()) {
            ExportTraceServiceRequest req;
            while ((req = ExportTraceServiceRequest.parseDelimitedFrom(in)) != null) {
                for (ResourceSpans rs : req.getResourceSpansList()) {
                    for (ScopeSpans ss : rs.getScopeSpansList()) {
                        spans.addAll(ss.getSpansList());
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return spans;
    }

    /** Waits for a span matching the condition. */
    static Span await(Predicate<Span> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<Span> spans = List.of();
        while (System.nanoTime() < deadline) {
            spans = spans();
            for (Span s : spans) {
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
        throw new AssertionError("no such span among " + spans.stream().map(Span::getName).toList());
    }

    static String hex(ByteString id) {
        return HexFormat.of().formatHex(id.toByteArray());
    }

    static String attribute(Span span, String key) {
        return span.getAttributesList().stream().filter(a -> a.getKey().equals(key)).findFirst()
                .map(a -> a.getValue().getStringValue()).orElse(null);
    }
}
