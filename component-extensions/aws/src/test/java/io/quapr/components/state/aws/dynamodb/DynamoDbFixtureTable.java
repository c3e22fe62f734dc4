package io.quapr.components.state.aws.dynamodb;

import io.quapr.components.aws.ConformanceFixtures;
import java.util.Map;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * Makes the table the conformance kit's fixture names on moto before any test runs, as an
 * operator makes one for daprd: the store, like daprd's, creates nothing, and the kit only calls
 * {@code init}. The table is kept across runs (moto is shared, and another run may be using it);
 * the kit writes every case's keys under a new prefix, so what earlier runs left never matters.
 * The table's name and key come from the fixture itself, so the two never disagree.
 *
 * <p>
 * Registered in {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public class DynamoDbFixtureTable implements LauncherSessionListener {

    static final String FIXTURE = "state.aws.dynamodb.yaml";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (Boolean.getBoolean("quapr.conformance.skip")) {
            return;
        }
        Map<String, String> m = ConformanceFixtures.metadata(FIXTURE);
        try (DynamoDbAsyncClient client = DynamoDbTesting.rawClient()) {
            DynamoDbTesting.ensureTable(client, m.get("table"),
                    m.getOrDefault("partitionKey", DynamoDbSettings.DEFAULT_PARTITION_KEY));
            DynamoDbTesting.enableTtl(client, m.get("table"), m.get("ttlAttributeName"));
        }
    }
}
