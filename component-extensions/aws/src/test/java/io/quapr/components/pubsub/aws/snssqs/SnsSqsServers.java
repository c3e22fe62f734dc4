package io.quapr.components.pubsub.aws.snssqs;

import io.quapr.components.aws.ConformanceFixtures;
import io.quapr.testsupport.aws.sns.SnsStandIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Readies what {@code pubsub.aws.snssqs}'s tests talk to before any test runs: starts the
 * TEST-ONLY {@link SnsStandIn} on the endpoint of the conformance kit's fixture, in front of
 * ElasticMQ on 127.0.0.1:9324 (scripts/services.sh starts it), and deletes the fixture's queue,
 * which outlives test runs in ElasticMQ, so every run starts with an empty one. This module's
 * own snssqs tests use the same stand-in ({@link #standIn()}).
 *
 * <p>
 * Registered in {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 * JUnit may open more than one launcher session per test JVM; the stand-in is kept from the
 * first opening to the last closing. A missing ElasticMQ does not stop the run (the DynamoDB
 * tests do not need it): the snssqs tests then fail, saying what to start.
 */
public class SnsSqsServers implements LauncherSessionListener {

    static final String FIXTURE = "pubsub.aws.snssqs.yaml";

    /** ElasticMQ, the real SQS implementation behind the stand-in. */
    static final URI ELASTICMQ = URI.create("http://127.0.0.1:9324");

    private static int openSessions;
    private static SnsStandIn standIn;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        synchronized (SnsSqsServers.class) {
            if (openSessions++ > 0) {
                return;
            }
            Map<String, String> m = ConformanceFixtures.metadata(FIXTURE);
            URI endpoint = URI.create(m.get("endpoint"));
            try {
                standIn = new SnsStandIn(endpoint.getPort(), ELASTICMQ);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + endpoint + " for the SNS stand-in", e);
            }
            deleteQueue(m.get("consumerID"));
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        synchronized (SnsSqsServers.class) {
            if (--openSessions == 0 && standIn != null) {
                standIn.close();
                standIn = null;
            }
        }
    }

    /** The running stand-in; its endpoint serves SNS, SQS (ElasticMQ's) and STS. */
    static synchronized SnsStandIn standIn() {
        if (standIn == null) {
            throw new IllegalStateException("the SNS stand-in is not running (SnsSqsServers starts it per test run)");
        }
        return standIn;
    }

    /** Deletes a queue from earlier runs; a missing queue or ElasticMQ is not an error here. */
    private static void deleteQueue(String name) {
        try (SqsAsyncClient sqs = SnsSqsTesting.rawSqs(ELASTICMQ)) {
            String url = sqs.getQueueUrl(b -> b.queueName(name)).join().queueUrl();
            sqs.deleteQueue(b -> b.queueUrl(url)).join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof QueueDoesNotExistException)) {
                System.err.println("SnsSqsServers: cannot reach ElasticMQ at " + ELASTICMQ
                        + " (scripts/services.sh start elasticmq): " + e.getCause());
            }
        }
    }
}
