package io.quapr.components.pubsub.aws.snssqs;

import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.TIMEOUT;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.await;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.metadata;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.newName;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.publish;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.start;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A rejected message comes back after the visibility timeout, as often as SQS delivers it, until
 * daprd's limits apply: deleted after messageRetryLimit receives, or moved by SQS to the
 * dead-letter queue after messageReceiveLimit.
 */
class SnsSqsRedeliveryTest {

    private static Vertx vertx;
    private static SqsAsyncClient sqs;

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
        sqs = SnsSqsTesting.rawSqs();
    }

    @AfterAll
    static void tearDown() {
        sqs.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** Messages in the queue, visible or not. */
    private static int messagesIn(String queue) {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).join().queueUrl();
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).join().attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Test
    void aRejectedMessageIsDeliveredAgainThenDeletedAtTheRetryLimit() throws Exception {
        String app = newName("retry");
        String topic = newName("poison");
        SnsSqsPubSub pubsub = start(vertx, metadata(Map.of("consumerID", app, "messageRetryLimit", "3")));
        try {
            SnsSqsTesting.Recorder r = SnsSqsTesting.Recorder.rejecting();
            subscribe(pubsub, topic, r);
            publish(pubsub, topic, "always rejected");
            // receives 1 and 2 are handed over; receive 3 reaches the limit and deletes it unhandled
            assertTrue(r.await(seen -> seen.size() >= 2, TIMEOUT), "not delivered again: " + r.texts());
            assertTrue(eventually(() -> messagesIn(app) == 0), "still in the queue after the retry limit");
            assertEquals(List.of("always rejected", "always rejected"), r.texts());
        } finally {
            await(pubsub.close());
        }
    }

    @Test
    void withADeadLetterQueueSqsMovesItThere() throws Exception {
        String app = newName("dlq-app");
        String deadLetters = newName("dlq");
        String topic = newName("poison");
        SnsSqsPubSub pubsub = start(vertx, metadata(Map.of("consumerID", app,
                "sqsDeadLettersQueueName", deadLetters, "messageReceiveLimit", "2")));
        try {
            SnsSqsTesting.Recorder r = SnsSqsTesting.Recorder.rejecting();
            subscribe(pubsub, topic, r);
            publish(pubsub, topic, "to the dead letters");
            assertTrue(eventually(() -> messagesIn(deadLetters) == 1), "not moved to the dead-letter queue");
            assertEquals(0, messagesIn(app));
            assertEquals(2, r.seen().size(), "handed over once per receive: " + r.texts());

            String url = sqs.getQueueUrl(b -> b.queueName(deadLetters)).join().queueUrl();
            String body = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).join().messages().get(0).body();
            assertEquals("to the dead letters", new String(SnsMessages.decode(body).data(), StandardCharsets.UTF_8),
                    "the dead-letter queue holds the SNS notification");
        } finally {
            await(pubsub.close());
        }
    }

    @Test
    void withDeletesDisabledTheMessageStaysAndKeepsComing() throws Exception {
        String app = newName("keep");
        String topic = newName("poison");
        SnsSqsPubSub pubsub = start(vertx, metadata(Map.of("consumerID", app, "messageRetryLimit", "2",
                "disableDeleteOnRetryLimit", "true")));
        try {
            SnsSqsTesting.Recorder r = SnsSqsTesting.Recorder.rejecting();
            subscribe(pubsub, topic, r);
            publish(pubsub, topic, "kept");
            assertTrue(r.await(seen -> seen.size() >= 4, TIMEOUT), "got " + r.texts());
            Thread.sleep(Duration.ofMillis(200).toMillis());
            assertEquals(1, messagesIn(app));
        } finally {
            await(pubsub.close());
        }
    }
}
