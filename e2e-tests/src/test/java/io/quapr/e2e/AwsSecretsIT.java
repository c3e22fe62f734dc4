package io.quapr.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.dapr.client.DaprClient;
import io.dapr.client.domain.ComponentMetadata;
import io.dapr.exceptions.DaprException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The secrets API through the Java SDK against {@code secretstores.aws.secretmanager} and
 * {@code secretstores.aws.parameterstore} on moto ({@code src/test/resources/secrets-aws}), and
 * a component whose credentials are {@code secretKeyRef}s into the Secrets Manager store. The
 * secrets are written into moto before the sidecar starts, as an operator writes them; their
 * values are the same on every run.
 */
class AwsSecretsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String SECRETS = "awssecrets";
    private static final String PARAMS = "awsparams";
    private static final String PLAIN = "quapr-e2e-plain";
    private static final String PAIRS = "quapr-e2e-pairs";
    private static final String ROTATED = "quapr-e2e-rotated";
    private static final String PREFIX = "/quapr-e2e/";

    private static Sidecar sidecar;
    private static DaprClient dapr;

    @BeforeAll
    static void startSidecar() {
        putSecret(PLAIN, "s3cr3t value");
        putSecret(PAIRS, "{\"username\":\"admin\",\"password\":\"p@ss\"}");
        putSecret("quapr-e2e-aws-credentials", "{\"accessKey\":\"e2e-from-secret\",\"secretKey\":\"e2e\"}");
        // the previous version is "one" whatever earlier runs left
        putSecret(ROTATED, "one");
        putSecret(ROTATED, "two");
        putParameter("db-password", "p4ssw0rd");
        putParameter("api-key", "k-123");
        DynamoDbTables.ensureTable(MotoApi.ENDPOINT, MotoApi.REGION, "quapr-e2e-state", "key");

        sidecar = Sidecar.start("secrets-aws", "e2e-secrets-aws", List.of(), List.of(E2e.resources("secrets-aws")));
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

    /** Creates secret {@code name} holding {@code value}, or makes {@code value} its current version. */
    private static void putSecret(String name, String value) {
        JsonNode created = MotoApi.call(MotoApi.ENDPOINT, MotoApi.REGION, "secretsmanager",
                "secretsmanager.CreateSecret", MotoApi.body().put("Name", name).put("SecretString", value));
        if (created.path("__type").asText().endsWith("ResourceExistsException")) {
            MotoApi.callOrFail("secretsmanager", "secretsmanager.PutSecretValue",
                    MotoApi.body().put("SecretId", name).put("SecretString", value));
        } else if (created.has("__type")) {
            throw new IllegalStateException("CreateSecret " + name + " failed: " + created);
        }
    }

    private static void putParameter(String name, String value) {
        MotoApi.callOrFail("ssm", "AmazonSSM.PutParameter", MotoApi.body().put("Name", PREFIX + name)
                .put("Value", value).put("Type", "SecureString").put("Overwrite", true));
    }

    @Test
    void aSecretsManagerSecretIsItsNameAndValue() {
        assertEquals(Map.of(PLAIN, "s3cr3t value"), dapr.getSecret(SECRETS, PLAIN).block(TIMEOUT));
    }

    @Test
    void aJsonObjectSecretIsItsPairs() {
        assertEquals(Map.of("username", "admin", "password", "p@ss"), dapr.getSecret(SECRETS, PAIRS).block(TIMEOUT));
    }

    @Test
    void versionStageReadsThePreviousVersion() {
        assertEquals(Map.of(ROTATED, "two"), dapr.getSecret(SECRETS, ROTATED).block(TIMEOUT));
        assertEquals(Map.of(ROTATED, "one"),
                dapr.getSecret(SECRETS, ROTATED, Map.of("version_stage", "AWSPREVIOUS")).block(TIMEOUT));
    }

    @Test
    void aParameterIsReadUnderThePrefix() {
        assertEquals(Map.of("db-password", "p4ssw0rd"), dapr.getSecret(PARAMS, "db-password").block(TIMEOUT));
    }

    @Test
    void bulkGetOfTheParameterStoreIsEveryParameterUnderThePrefix() {
        assertEquals(Map.of("db-password", Map.of("db-password", "p4ssw0rd"), "api-key", Map.of("api-key", "k-123")),
                dapr.getBulkSecret(PARAMS).block(TIMEOUT));
    }

    @Test
    void bulkGetOfSecretsManagerHoldsTheSecrets() {
        Map<String, Map<String, String>> all = dapr.getBulkSecret(SECRETS).block(TIMEOUT);
        assertEquals(Map.of(PLAIN, "s3cr3t value"), all.get(PLAIN));
        assertEquals(Map.of("username", "admin", "password", "p@ss"), all.get(PAIRS));
    }

    @Test
    void missingSecretsAreInternalErrors() {
        for (String store : List.of(SECRETS, PARAMS)) {
            DaprException e = assertThrows(DaprException.class,
                    () -> dapr.getSecret(store, "no-such-secret-" + E2e.RUN).block(TIMEOUT));
            assertEquals("INTERNAL", e.getErrorCode(), store + ": " + e.getMessage());
        }
    }

    @Test
    void aComponentTakesItsCredentialsFromTheSecretsManagerStore() {
        String key = "aws-secrets-" + E2e.RUN;
        dapr.saveState("statestore", key, "kept").block(TIMEOUT);
        assertEquals("kept", dapr.getState("statestore", key, String.class).block(TIMEOUT).getValue());
    }

    @Test
    void metadataListsBothStores() {
        Map<String, String> types = dapr.getMetadata().block(TIMEOUT).getComponents().stream()
                .collect(Collectors.toMap(ComponentMetadata::getName, ComponentMetadata::getType));
        assertEquals("secretstores.aws.secretmanager", types.get(SECRETS));
        assertEquals("secretstores.aws.parameterstore", types.get(PARAMS));
        assertEquals("state.aws.dynamodb", types.get("statestore"));
    }
}
