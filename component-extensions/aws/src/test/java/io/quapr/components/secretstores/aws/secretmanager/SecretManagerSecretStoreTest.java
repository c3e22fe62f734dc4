package io.quapr.components.secretstores.aws.secretmanager;

import static io.quapr.components.aws.MotoComponents.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.components.aws.Moto;
import io.quapr.components.aws.MotoComponents;
import io.quapr.components.secretstores.aws.AwsSecretFixtures;
import io.quapr.spi.secrets.SecretFeature;
import io.quapr.spi.secrets.SecretNotFoundException;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerAsyncClient;

/**
 * daprd's answers from Secrets Manager on moto: one pair per secret or, with
 * multipleKeyValuesPerSecret, a JSON object's pairs; versions by id and by stage; what is missing.
 * Every test makes secrets of its own.
 */
class SecretManagerSecretStoreTest {

    private static Vertx vertx;
    private static SecretsManagerAsyncClient raw;
    private static SecretManagerSecretStore plain;
    private static SecretManagerSecretStore multi;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        raw = Moto.client(SecretsManagerAsyncClient.builder());
        plain = MotoComponents.start(new SecretManagerSecretStore(), vertx, MotoComponents.metadata(Map.of()));
        multi = MotoComponents.start(new SecretManagerSecretStore(), vertx,
                MotoComponents.metadata(Map.of("multipleKeyValuesPerSecret", "true")));
    }

    @AfterAll
    static void stop() {
        await(plain.close());
        await(multi.close());
        raw.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** A new secret holding {@code value}; its name. */
    private static String newSecret(String value) {
        String name = Moto.newName("quapr-sm");
        AwsSecretFixtures.putSecret(raw, name, value);
        return name;
    }

    @Test
    void aSecretIsItsNameAndString() {
        String name = newSecret("{\"user\":\"admin\"}");
        assertEquals(Map.of(name, "{\"user\":\"admin\"}"), await(plain.get(name, Map.of())));
        assertEquals(Set.of(), plain.features());
    }

    @Test
    void withMultipleKeyValuesAJsonObjectOfStringsIsItsPairs() {
        String pairs = newSecret("{\"user\":\"admin\",\"password\":\"p@ss\"}");
        assertEquals(Map.of("user", "admin", "password", "p@ss"), await(multi.get(pairs, Map.of())));
        assertEquals(Set.of(SecretFeature.MULTIPLE_KEY_VALUES_PER_SECRET), multi.features());

        // anything else stays one pair, as daprd's JSON decoding into strings fails on it
        for (String other : new String[] { "not json", "[\"a\"]", "{\"port\":5432}", "{\"nested\":{\"a\":\"b\"}}" }) {
            String name = newSecret(other);
            assertEquals(Map.of(name, other), await(multi.get(name, Map.of())), other);
        }
    }

    @Test
    void theAnswerIsKeyedByTheSecretsNameEvenWhenAskedByArn() {
        String name = Moto.newName("quapr-sm-arn");
        String arn = raw.createSecret(b -> b.name(name).secretString("v")).join().arn();
        assertEquals(Map.of(name, "v"), await(plain.get(arn, Map.of())));
    }

    @Test
    void versionIdAndVersionStagePickAnEarlierVersion() {
        String name = Moto.newName("quapr-sm-versions");
        String first = raw.createSecret(b -> b.name(name).secretString("one")).join().versionId();
        raw.putSecretValue(b -> b.secretId(name).secretString("two")).join();

        assertEquals(Map.of(name, "two"), await(plain.get(name, Map.of())));
        assertEquals(Map.of(name, "one"), await(plain.get(name, Map.of("version_id", first))));
        assertEquals(Map.of(name, "one"), await(plain.get(name, Map.of("version_stage", "AWSPREVIOUS"))));
        assertEquals(Map.of(name, "two"), await(plain.get(name, Map.of("version_stage", "AWSCURRENT"))));
        assertEquals(Map.of(name, "two"), await(plain.get(name, Map.of("version_id", ""))), "empty means not set");
        assertThrows(SecretNotFoundException.class,
                () -> await(plain.get(name, Map.of("version_id", "00000000-0000-0000-0000-000000000000"))));
    }

    @Test
    void aMissingSecretIsNotFound() {
        String name = Moto.newName("quapr-sm-missing");
        SecretNotFoundException e = assertThrows(SecretNotFoundException.class, () -> await(plain.get(name, Map.of())));
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void aBinarySecretAnswersNoPairs() {
        String name = Moto.newName("quapr-sm-binary");
        raw.createSecret(b -> b.name(name).secretBinary(SdkBytes.fromByteArray(new byte[] { 0, 1, 2 }))).join();
        assertEquals(Map.of(), await(plain.get(name, Map.of())));
    }

    @Test
    void bulkGetHoldsEverySecretAsGetAnswersIt() {
        String one = newSecret("first");
        String two = newSecret("{\"a\":\"1\",\"b\":\"2\"}");
        Map<String, Map<String, String>> all = await(multi.bulkGet(Map.of()));
        assertEquals(Map.of(one, "first"), all.get(one));
        assertEquals(Map.of("a", "1", "b", "2"), all.get(two));
    }

    @Test
    void beforeInitOrAfterCloseItFails() {
        SecretManagerSecretStore fresh = new SecretManagerSecretStore();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> await(fresh.get("x", Map.of())));
        assertTrue(e.getMessage().contains("not initialized"), e.getMessage());
    }
}
