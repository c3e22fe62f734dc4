package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.client.DaprClient;
import io.dapr.client.domain.State;
import io.dapr.exceptions.DaprException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A sidecar started with {@code DAPR_API_TOKEN} in its environment, as a user starts it: the
 * official Java SDK configured with the token ({@code Properties.API_TOKEN}) works; without it,
 * or with another, every call is refused; the token never appears in the sidecar's output.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiTokenIT {

    private static final String TOKEN = "e2e-token-" + E2e.RUN;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static Sidecar sidecar;

    @BeforeAll
    static void startSidecar() {
        // debug logging: no level may print the token (Netty's gRPC frame logger did, at debug)
        sidecar = Sidecar.start("api-token", "e2e-token", List.of(),
                List.of(E2e.resources("secrets"), E2e.resources("stores/in-memory")), 0,
                List.of("--log-level", "debug"), Map.of("DAPR_API_TOKEN", TOKEN));
    }

    @AfterAll
    static void stopSidecar() {
        if (sidecar != null) {
            sidecar.close();
        }
    }

    @Test
    void theSdkWithTheTokenWorks() throws Exception {
        try (DaprClient dapr = sidecar.javaClient(TOKEN)) {
            dapr.saveState("statestore", "k-" + E2e.RUN, "v1").block(TIMEOUT);
            State<String> state = dapr.getState("statestore", "k-" + E2e.RUN, String.class).block(TIMEOUT);
            assertEquals("v1", state.getValue());
            assertEquals(Map.of("db-password", "s3cret"), dapr.getSecret("secretstore", "db-password").block(TIMEOUT));
            assertEquals("e2e-token", dapr.getMetadata().block(TIMEOUT).getId());
        }
    }

    @Test
    void theSdkWithoutTheTokenIsRefused() throws Exception {
        try (DaprClient dapr = sidecar.javaClient()) {
            DaprException e = assertThrows(DaprException.class,
                    () -> dapr.getSecret("secretstore", "db-password").block(TIMEOUT));
            assertEquals("UNAUTHENTICATED", e.getErrorCode(), e.getMessage());
        }
    }

    @Test
    void theSdkWithAnotherTokenIsRefused() throws Exception {
        try (DaprClient dapr = sidecar.javaClient("not-" + TOKEN)) {
            DaprException e = assertThrows(DaprException.class,
                    () -> dapr.saveState("statestore", "k", "v").block(TIMEOUT));
            assertEquals("UNAUTHENTICATED", e.getErrorCode(), e.getMessage());
        }
    }

    @Test
    void rawHttpWithoutTheTokenIs401AndHealthIsExempt() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(sidecar.httpUrl()
                + "/v1.0/metadata")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, refused.statusCode());
        assertEquals("invalid api token\n", refused.body());
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(sidecar.httpUrl()
                + "/v1.0/metadata")).header("dapr-api-token", TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertEquals(204, http.send(HttpRequest.newBuilder(URI.create(sidecar.httpUrl() + "/v1.0/healthz")).GET()
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    /** Runs last, after calls with the token over HTTP (raw) and gRPC (the SDK) have been logged. */
    @Test
    @Order(Integer.MAX_VALUE)
    void theTokenIsNeverPrintedEvenAtDebug() throws Exception {
        try (DaprClient dapr = sidecar.javaClient(TOKEN)) {
            dapr.saveState("statestore", "debug-" + E2e.RUN, "v").block(TIMEOUT);
        }
        HttpClient http = HttpClient.newHttpClient();
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(sidecar.httpUrl() + "/v1.0/metadata"))
                .header("dapr-api-token", TOKEN).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        String output = Files.readString(sidecar.log());
        assertTrue(output.contains("DEBUG"), "the sidecar logs at debug");
        assertFalse(output.contains(TOKEN), "the sidecar's output shows the token:\n" + sidecar.logTail());
    }
}
