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

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * At most concurrencyLimit messages are with the handlers at once, and no more are received
 * meanwhile; in single mode one at a time, so a FIFO queue's order reaches the app.
 */
class SnsSqsConcurrencyTest {

    private static Vertx vertx;

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void tearDown() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void noMoreThanTheLimitAreInTheHandlersAndTheRestWaitInTheQueue() throws Exception {
        String app = newName("bounded");
        String topic = newName("work");
        List<Runnable> held = new ArrayList<>();
        // holds every message until told to let go
        SnsSqsTesting.Recorder r = new SnsSqsTesting.Recorder(m -> Uni.createFrom().emitter(e -> {
            synchronized (held) {
                held.add(() -> e.complete(null));
            }
        }));
        SnsSqsPubSub pubsub = start(vertx, metadata(Map.of("consumerID", app, "concurrencyLimit", "3",
                "messageVisibilityTimeout", "30")));
        try {
            subscribe(pubsub, topic, r);
            for (int i = 0; i < 10; i++) {
                publish(pubsub, topic, "job " + i);
            }
            assertTrue(r.await(seen -> seen.size() >= 3, TIMEOUT));
            Thread.sleep(1500);
            assertEquals(3, r.seen().size(), "handed over beyond the limit");
            try (SqsAsyncClient sqs = SnsSqsTesting.rawSqs()) {
                String url = sqs.getQueueUrl(b -> b.queueName(app)).join().queueUrl();
                assertEquals("3", sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings(
                        "ApproximateNumberOfMessagesNotVisible")).join().attributesAsStrings()
                        .get("ApproximateNumberOfMessagesNotVisible"), "received beyond the limit");
            }
            // letting go of the held ones, again and again, drains the queue three at a time
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (r.seen().size() < 10 && System.nanoTime() < deadline) {
                List<Runnable> release;
                synchronized (held) {
                    release = List.copyOf(held);
                    held.clear();
                }
                release.forEach(Runnable::run);
                Thread.sleep(50);
            }
            assertEquals(10, r.seen().size());
        } finally {
            synchronized (held) {
                held.forEach(Runnable::run);
            }
            await(pubsub.close());
        }
    }

    @Test
    void fifoInSingleModeKeepsThePublishOrder() throws Exception {
        String topic = newName("ledger");
        SnsSqsPubSub pubsub = start(vertx, metadata(Map.of("fifo", "true", "concurrencyMode", "single")));
        try {
            // the handler is slow on purpose: in parallel mode later entries would overtake it
            SnsSqsTesting.Recorder r = new SnsSqsTesting.Recorder(
                    m -> Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(20)));
            subscribe(pubsub, topic, r);
            List<String> sent = IntStream.range(0, 25).mapToObj(i -> "entry " + i).toList();
            for (String s : sent) {
                publish(pubsub, topic, s);
            }
            assertTrue(r.await(seen -> seen.size() >= sent.size(), TIMEOUT), "got " + r.texts());
            assertEquals(sent, r.texts());
            assertEquals(topic, r.seen().get(0).topic());
            try (SnsAsyncClient sns = SnsSqsTesting.rawSns()) {
                String arn = SnsSqsTesting.arn("sns", AwsNames.sanitize(topic, true));
                assertEquals("true", sns.getTopicAttributes(b -> b.topicArn(arn)).join().attributes().get("FifoTopic"),
                        "the topic is a FIFO topic");
            }
        } finally {
            await(pubsub.close());
        }
    }
}
