package io.quapr.components.state.aws.dynamodb;

import io.quapr.components.aws.ConformanceFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * Readies the server the conformance kit's fixture names before any test runs: starts
 * {@link TransactionalDynalite} (dynalite plus the {@code TransactWriteItems} it lacks) on the
 * fixture's endpoint, and makes the fixture's table, as an operator makes one for daprd: the
 * store, like daprd's, creates nothing, and the kit only calls {@code init}. The table is dropped
 * and made empty, so every run starts clean. Everything is read from the fixture itself, so the
 * two never disagree.
 *
 * <p>
 * Registered in {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 * JUnit may open more than one launcher session per test JVM (discovery, then execution); the
 * front is kept from the first opening to the last closing.
 */
public class DynaliteTables implements LauncherSessionListener {

    static final String FIXTURE = "state.aws.dynamodb.yaml";

    private static int openSessions;
    private static TransactionalDynalite front;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (Boolean.getBoolean("quapr.conformance.skip")) {
            return;
        }
        Map<String, String> m = fixtureMetadata();
        synchronized (DynaliteTables.class) {
            if (openSessions++ == 0) {
                URI endpoint = URI.create(m.get("endpoint"));
                try {
                    front = new TransactionalDynalite(endpoint.getPort(), URI.create(Dynalite.ENDPOINT));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot listen on " + endpoint + " for the conformance fixture", e);
                }
            }
        }
        try (DynamoDbAsyncClient client = Dynalite.rawClient(m.get("endpoint"), m.get("region"),
                m.get("accessKey"), m.get("secretKey"))) {
            Dynalite.recreateTable(client, m.get("table"),
                    m.getOrDefault("partitionKey", DynamoDbSettings.DEFAULT_PARTITION_KEY));
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (Boolean.getBoolean("quapr.conformance.skip")) {
            return;
        }
        synchronized (DynaliteTables.class) {
            if (--openSessions == 0 && front != null) {
                front.close();
                front = null;
            }
        }
    }

    /** The fixture's {@code spec.metadata} as name to value. */
    static Map<String, String> fixtureMetadata() {
        return ConformanceFixtures.metadata(FIXTURE);
    }
}
