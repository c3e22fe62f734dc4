package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dapr.client.DaprClient;
import io.dapr.client.domain.ComponentMetadata;
import io.dapr.client.domain.DaprMetadata;
import io.dapr.exceptions.DaprException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The secrets API through the official SDKs, against a {@code secretstores.local.file} store
 * reading {@code src/test/resources/secrets/secrets.json}: one sidecar for the whole class.
 */
class SecretsIT {

    private static final String STORE = "secretstore";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static Sidecar sidecar;
    private static DaprClient dapr;

    @BeforeAll
    static void startSidecar() {
        sidecar = Sidecar.start("secrets", "e2e-secrets", List.of(), List.of(E2e.resources("secrets")));
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
    void secretReadsAsAOneEntryMap() {
        assertEquals(Map.of("db-password", "s3cret"), dapr.getSecret(STORE, "db-password").block(TIMEOUT));
    }

    @Test
    void nestedSecretIsFlattenedWithAColon() {
        assertEquals(Map.of("api:key", "k-123"), dapr.getSecret(STORE, "api:key").block(TIMEOUT));
    }

    @Test
    void bulkGetReturnsEverySecret() {
        assertEquals(Map.of(
                "db-password", Map.of("db-password", "s3cret"),
                "api:key", Map.of("api:key", "k-123"),
                "api:region", Map.of("api:region", "eu-west-1")),
                dapr.getBulkSecret(STORE).block(TIMEOUT));
    }

    @Test
    void missingSecretIsAnInternalError() {
        DaprException e = assertThrows(DaprException.class,
                () -> dapr.getSecret(STORE, "no-such-secret").block(TIMEOUT));
        assertEquals("INTERNAL", e.getErrorCode(), e.getMessage());
    }

    @Test
    void unknownStoreIsAnInvalidArgument() {
        DaprException e = assertThrows(DaprException.class,
                () -> dapr.getSecret("no-such-store", "db-password").block(TIMEOUT));
        assertEquals("INVALID_ARGUMENT", e.getErrorCode(), e.getMessage());
    }

    @Test
    void metadataListsTheSecretStore() {
        DaprMetadata metadata = dapr.getMetadata().block(TIMEOUT);
        assertEquals("e2e-secrets", metadata.getId());
        ComponentMetadata component = metadata.getComponents().stream().filter(c -> c.getName().equals(STORE))
                .findFirst().orElseThrow(() -> new AssertionError("no component " + STORE + " in the metadata"));
        assertEquals("secretstores.local.file", component.getType());
        assertEquals("v1", component.getVersion());
    }

    @Test
    void javascriptSdk() {
        JsSdk.run("secrets", "secrets.test.mjs", sidecar, Map.of("SECRET_STORE", STORE));
    }
}
