package io.quapr.components.secretstores.aws.parameterstore;

import static io.quapr.components.aws.MotoComponents.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.components.aws.Moto;
import io.quapr.components.aws.MotoComponents;
import io.quapr.spi.secrets.SecretNotFoundException;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * daprd's answers from SSM Parameter Store on moto: parameters under the prefix, decrypted,
 * versions by {@code version_id}, bulk get limited to the prefix. Every test class has a prefix of
 * its own.
 */
class ParameterStoreSecretStoreTest {

    private static final String PREFIX = "/" + Moto.newName("quapr-ps") + "/";

    private static Vertx vertx;
    private static SsmAsyncClient raw;
    private static ParameterStoreSecretStore store;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        raw = Moto.client(SsmAsyncClient.builder());
        store = MotoComponents.start(new ParameterStoreSecretStore(), vertx,
                MotoComponents.metadata(Map.of("prefix", PREFIX)));
    }

    @AfterAll
    static void stop() {
        await(store.close());
        raw.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static void put(String name, String value, ParameterType type) {
        raw.putParameter(b -> b.name(name).value(value).type(type).overwrite(true)).join();
    }

    @Test
    void aSecretIsTheParameterUnderThePrefixDecrypted() {
        put(PREFIX + "db-password", "s3cr3t", ParameterType.SECURE_STRING);
        put(PREFIX + "plain", "not secret", ParameterType.STRING);
        assertEquals(Map.of("db-password", "s3cr3t"), await(store.get("db-password", Map.of())));
        assertEquals(Map.of("plain", "not secret"), await(store.get("plain", Map.of())));
        assertEquals(Set.of(), store.features());
    }

    @Test
    void versionIdReadsThatVersion() {
        put(PREFIX + "rotated", "one", ParameterType.SECURE_STRING);
        put(PREFIX + "rotated", "two", ParameterType.SECURE_STRING);
        assertEquals(Map.of("rotated", "two"), await(store.get("rotated", Map.of())));
        assertEquals(Map.of("rotated", "one"), await(store.get("rotated", Map.of("version_id", "1"))));
        assertThrows(SecretNotFoundException.class, () -> await(store.get("rotated", Map.of("version_id", "9"))));
    }

    @Test
    void aMissingParameterIsNotFound() {
        SecretNotFoundException e = assertThrows(SecretNotFoundException.class,
                () -> await(store.get("nobody-made-this", Map.of())));
        assertTrue(e.getMessage().contains("nobody-made-this"), e.getMessage());
    }

    @Test
    void bulkGetReadsOnlyWhatIsUnderThePrefix() {
        put(PREFIX + "bulk-a", "A", ParameterType.SECURE_STRING);
        put(PREFIX + "bulk-b", "B", ParameterType.STRING);
        String outside = "/" + Moto.newName("quapr-ps-outside") + "/bulk-c";
        put(outside, "C", ParameterType.STRING);

        Map<String, Map<String, String>> all = await(store.bulkGet(Map.of()));
        assertEquals(Map.of("bulk-a", "A"), all.get("bulk-a"));
        assertEquals(Map.of("bulk-b", "B"), all.get("bulk-b"));
        assertTrue(all.keySet().stream().noneMatch(k -> k.contains("bulk-c")), all.keySet().toString());
    }

    @Test
    void withoutAPrefixTheNameIsTheWholeParameterName() {
        ParameterStoreSecretStore bare = MotoComponents.start(new ParameterStoreSecretStore(), vertx,
                MotoComponents.metadata(Map.of()));
        try {
            put(PREFIX + "full", "v", ParameterType.STRING);
            assertEquals(Map.of(PREFIX + "full", "v"), await(bare.get(PREFIX + "full", Map.of())));
        } finally {
            await(bare.close());
        }
    }
}
