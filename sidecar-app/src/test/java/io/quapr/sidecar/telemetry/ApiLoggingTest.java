package io.quapr.sidecar.telemetry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprStateProtos;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code spec.logging.apiLogging}: one line per API call with daprd's message and fields; with
 * {@code obfuscateURLs} the key never appears, with {@code omitHealthChecks} health checks are
 * not logged; no header value (a token) is ever logged.
 */
@QuarkusTest
@TestProfile(ApiLoggingTest.Profile.class)
class ApiLoggingTest {

    public static class Profile extends ConfigFileProfile {
        public Profile() {
            super("api-logging.yaml");
        }
    }

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(r.getLoggerName() + " " + r.getMessage());
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
        Logger.getLogger("dapr.runtime.http-info").addHandler(capture);
        Logger.getLogger("dapr.runtime.grpc.api-info").addHandler(capture);
    }

    @AfterEach
    void release() {
        Logger.getLogger("dapr.runtime.http-info").removeHandler(capture);
        Logger.getLogger("dapr.runtime.grpc.api-info").removeHandler(capture);
    }

    @Test
    void oneLinePerCallWithTheTemplateNotTheKey() {
        String key = "secret-key-" + UUID.randomUUID();
        given().header("dapr-api-token", "t0ken-value").header("User-Agent", "test-agent")
                .get("/v1.0/state/statestore/" + key).then().statusCode(204);
        given().get("/v1.0/healthz").then().statusCode(204);
        dapr.getState(DaprStateProtos.GetStateRequest.newBuilder().setStoreName("statestore").setKey(key).build());

        await(() -> lines.stream().anyMatch(l -> l.startsWith("dapr.runtime.grpc.api-info")));
        await(() -> lines.stream().anyMatch(l -> l.startsWith("dapr.runtime.http-info")));
        String http = lines.stream().filter(l -> l.startsWith("dapr.runtime.http-info")).findFirst().orElseThrow();
        assertTrue(http.contains("HTTP API Called method=\"GET /v1.0/state/{storeName}/{key}\" code=204"), http);
        assertTrue(http.contains("duration="), http);
        assertTrue(http.contains("useragent=\"test-agent\""), http);
        assertTrue(lines.stream().anyMatch(l -> l.contains(
                "gRPC API Called method=\"/dapr.proto.runtime.v1.Dapr/GetState\" code=0")), lines.toString());
        assertFalse(lines.stream().anyMatch(l -> l.contains(key)), "the key is not logged");
        assertFalse(lines.stream().anyMatch(l -> l.contains("t0ken")), "no header value is logged");
        assertFalse(lines.stream().anyMatch(l -> l.contains("healthz")), "health checks are omitted");
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
