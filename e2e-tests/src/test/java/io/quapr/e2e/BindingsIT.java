package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.client.DaprClient;
import io.dapr.exceptions.DaprException;
import io.dapr.utils.TypeRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Output bindings through the Java SDK's {@code invokeBinding} and the JavaScript SDK's
 * {@code binding.send}, against a
 * {@code bindings.localstorage} binding: one sidecar for the whole class.
 */
class BindingsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() {
    };

    private static Sidecar sidecar;
    private static DaprClient dapr;

    @BeforeAll
    static void startSidecar() {
        sidecar = Sidecar.start("bindings", "e2e-bindings", List.of(), List.of(E2e.resources("bindings")));
        dapr = sidecar.javaClient();
    }

    @AfterAll
    static void stopSidecar() throws Exception {
        try {
            if (dapr != null) {
                dapr.close();
            }
        } finally {
            if (sidecar != null) {
                sidecar.close();
            }
        }
    }

    @Test
    void createThenGetAnObject() {
        String name = "sdk-" + UUID.randomUUID() + ".json";
        Map<String, Object> created = dapr.invokeBinding("files", "create", Map.of("order", 7),
                Map.of("fileName", name), MAP).block(TIMEOUT);
        assertEquals(Map.of("fileName", name), created);

        Map<String, Object> got = dapr.invokeBinding("files", "get", null, Map.of("fileName", name), MAP)
                .block(TIMEOUT);
        assertEquals(Map.of("order", 7), got);
    }

    @Test
    void theJavaScriptSdkSendsToTheBindingOverHttpAndGrpc() {
        JsSdk.run("bindings", "bindings.test.mjs", sidecar, Map.of("BINDING", "files"));
    }

    @Test
    void unknownBindingFailsWithDaprdsCode() {
        DaprException e = assertThrows(DaprException.class,
                () -> dapr.invokeBinding("nope", "create", Map.of()).block(TIMEOUT));
        assertTrue(e.getMessage().contains("couldn't find output binding nope"), e.getMessage());
    }
}
