package io.quapr.sidecar.telemetry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.quarkus.arc.All;
import io.quarkus.opentelemetry.runtime.exporter.otlp.tracing.LateBoundSpanProcessor;
import io.quarkus.opentelemetry.runtime.exporter.otlp.tracing.RemoveableLateBoundSpanProcessor;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With {@code spec.tracing} naming a Zipkin endpoint and {@code stdout: true} but no OTLP
 * endpoint, the sidecar POSTs daprd's spans as Zipkin v2 JSON to a real receiver with the right
 * trace and parent ids, logs each span on {@code dapr.runtime.trace}, and sends nothing over OTLP.
 */
@QuarkusTest
@WithTestResource(value = ZipkinReceiver.class)
class TracingZipkinTest {

    @Inject
    @All
    List<SpanProcessor> processors;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(((ExtLogRecord) r).getFormattedMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        Logger.getLogger(StdoutSpanExporter.SCOPE).addHandler(capture);
    }

    @AfterEach
    void release() {
        Logger.getLogger(StdoutSpanExporter.SCOPE).removeHandler(capture);
    }

    @Test
    void aStateCallReachesZipkinAsAChildOfTheCallerWithItsComponentCall() {
        String traceId = randomHex(16);
        String callerSpan = randomHex(8);
        String key = "z-" + UUID.randomUUID();
        given().header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .get("/v1.0/state/statestore/" + key).then().statusCode(204);

        JsonNode api = ZipkinReceiver.await(zipkinPort(),
                s -> s.path("name").asText().equals("/v1.0/state/statestore/" + key));
        assertEquals(traceId, api.path("traceId").asText());
        assertEquals(callerSpan, api.path("parentId").asText());
        assertEquals("CLIENT", api.path("kind").asText());
        assertEquals("statestore", api.path("tags").path("db.name").asText());
        assertEquals("testapp", api.path("localEndpoint").path("serviceName").asText(), api.toString());
        assertTrue(api.path("duration").asLong() > 0, api.toString());

        JsonNode component = ZipkinReceiver.await(zipkinPort(),
                s -> s.path("name").asText().equals("state.in-memory/get")
                        && s.path("parentId").asText().equals(api.path("id").asText()));
        assertEquals(traceId, component.path("traceId").asText());
        assertEquals("statestore", component.path("tags").path("db.name").asText());
    }

    @Test
    void eachSpanIsLoggedOnTheTraceScope() {
        String traceId = randomHex(16);
        String callerSpan = randomHex(8);
        String key = "s-" + UUID.randomUUID();
        given().header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .get("/v1.0/state/statestore/" + key).then().statusCode(204);

        String prefix = "[/v1.0/state/statestore/" + key + "] Trace: " + traceId + " Span: " + callerSpan + "/";
        String line = await(prefix);
        assertTrue(line.matches("\\Q" + prefix + "\\E[0-9a-f]{16} Time: \\[\\S+ ->  \\S+\\] Annotations: \\[.*\\]"),
                line);
        String apiSpan = line.substring(prefix.length(), prefix.length() + 16);
        await("[state.in-memory/get] Trace: " + traceId + " Span: " + apiSpan + "/");
    }

    @Test
    void withoutAnOtelEndpointTheOtlpExporterIsOff() {
        assertFalse(processors.isEmpty());
        assertTrue(processors.stream().noneMatch(p -> p instanceof LateBoundSpanProcessor
                && !(p instanceof RemoveableLateBoundSpanProcessor)), processors.toString());
    }

    private static int zipkinPort() {
        // looked up, not injected: an injected property must exist in every test application
        return ConfigProvider.getConfig().getValue("test.zipkin.port", Integer.class);
    }

    private String await(String prefix) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (String l : lines) {
                if (l.startsWith(prefix)) {
                    return l;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no log line starting with " + prefix + " among " + lines);
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1;
        return HexFormat.of().formatHex(b);
    }
}
