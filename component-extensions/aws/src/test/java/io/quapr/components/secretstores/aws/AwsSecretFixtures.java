package io.quapr.components.secretstores.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.components.aws.ConformanceFixtures;
import io.quapr.components.aws.Moto;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerAsyncClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Writes the secrets the conformance kit expects of the AWS secret stores into moto before any
 * test runs, as an operator would: each secret of
 * {@code secretstores.aws.secretmanager.expected.yaml} into Secrets Manager (a secret answering one
 * pair named after itself holds that value; any other holds its pairs as a JSON object), and each
 * of {@code secretstores.aws.parameterstore.expected.yaml} as a {@code SecureString} parameter
 * under the fixture's prefix. Written again on every run (moto is shared; the values never
 * change), so the fixtures and moto never disagree.
 *
 * <p>
 * Registered in {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public class AwsSecretFixtures implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (Boolean.getBoolean("quapr.conformance.skip")) {
            return;
        }
        try (SecretsManagerAsyncClient sm = Moto.client(SecretsManagerAsyncClient.builder())) {
            ConformanceFixtures.expectedSecrets("secretstores.aws.secretmanager").forEach((name, pairs) -> {
                String value = pairs.size() == 1 && pairs.containsKey(name) ? pairs.get(name) : json(pairs);
                putSecret(sm, name, value);
            });
        }
        String prefix = ConformanceFixtures.metadata("secretstores.aws.parameterstore.yaml").get("prefix");
        try (SsmAsyncClient ssm = Moto.client(SsmAsyncClient.builder())) {
            ConformanceFixtures.expectedSecrets("secretstores.aws.parameterstore").forEach((name, pairs) -> ssm
                    .putParameter(b -> b.name(prefix + name).value(pairs.get(name)).type(ParameterType.SECURE_STRING)
                            .overwrite(true))
                    .join());
        }
    }

    /** Creates secret {@code name} holding {@code value}, or makes {@code value} its current version. */
    public static void putSecret(SecretsManagerAsyncClient sm, String name, String value) {
        try {
            sm.createSecret(b -> b.name(name).secretString(value)).join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof ResourceExistsException)) {
                throw e;
            }
            sm.putSecretValue(b -> b.secretId(name).secretString(value)).join();
        }
    }

    private static String json(Map<String, String> pairs) {
        try {
            return new ObjectMapper().writeValueAsString(pairs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
