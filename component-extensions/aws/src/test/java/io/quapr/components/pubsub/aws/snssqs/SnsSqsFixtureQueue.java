package io.quapr.components.pubsub.aws.snssqs;

import io.quapr.components.aws.ConformanceFixtures;
import java.util.concurrent.CompletionException;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Deletes the queue the conformance kit's fixture names (its {@code consumerID}) on moto before
 * any test runs: it outlives a run, and whatever an earlier run left in it must not reach this
 * one. The kit publishes to new topics per case, so nothing else is left to clean.
 *
 * <p>
 * Registered in {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}. A
 * moto that cannot be reached does not stop the run here (the DynamoDB fixture's table says so
 * first).
 */
public class SnsSqsFixtureQueue implements LauncherSessionListener {

    static final String FIXTURE = "pubsub.aws.snssqs.yaml";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (Boolean.getBoolean("quapr.conformance.skip")) {
            return;
        }
        String name = ConformanceFixtures.metadata(FIXTURE).get("consumerID");
        try (SqsAsyncClient sqs = SnsSqsTesting.rawSqs()) {
            String url = sqs.getQueueUrl(b -> b.queueName(name)).join().queueUrl();
            sqs.deleteQueue(b -> b.queueUrl(url)).join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof QueueDoesNotExistException)) {
                System.err.println("SnsSqsFixtureQueue: cannot delete queue " + name + ": " + e.getCause());
            }
        }
    }
}
