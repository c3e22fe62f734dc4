package io.quapr.components.pubsub.aws.snssqs;

import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.TIMEOUT;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.await;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.metadata;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.newName;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.publish;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.start;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.pubsub.PublishRequest;
import io.vertx.core.Vertx;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;

/** What SNS refuses fails the publish; a topic deleted behind the component's back is made again. */
class SnsSqsPublishTest {

    /** SNS's limit on a message. */
    private static final int MAX_MESSAGE_BYTES = 256 * 1024;

    private static Vertx vertx;
    private static SnsSqsPubSub pubsub;

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
        pubsub = start(vertx, metadata(Map.of()));
    }

    @AfterAll
    static void tearDown() {
        await(pubsub.close());
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void whatSnsRefusesFailsThePublish() {
        String topic = newName("refused");
        // (SNS also refuses an empty message; moto takes one, so that refusal is not seen here)
        assertThrows(InvalidParameterException.class, () -> await(pubsub.publish(new PublishRequest(topic,
                new byte[MAX_MESSAGE_BYTES + 1], "text/plain", Map.of()))), "SNS takes no message over 256 KiB");
    }

    @Test
    void aTopicDeletedMeanwhileIsMadeAgainOnTheNextPublish() throws Exception {
        String topic = newName("deleted");
        publish(pubsub, topic, "first");
        try (SnsAsyncClient sns = SnsSqsTesting.rawSns()) {
            sns.deleteTopic(b -> b.topicArn(SnsSqsTesting.arn("sns", topic))).join();
        }
        assertThrows(RuntimeException.class, () -> publish(pubsub, topic, "lost: no topic"));
        SnsSqsTesting.Recorder r = SnsSqsTesting.Recorder.accepting();
        subscribe(pubsub, topic, r);
        publish(pubsub, topic, "after");
        assertTrue(r.await(seen -> !seen.isEmpty(), TIMEOUT));
        assertEquals("after", r.texts().get(0));
    }

    @Test
    void publishingBeforeInitOrAfterCloseFails() {
        SnsSqsPubSub fresh = new SnsSqsPubSub();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> await(fresh.publish(new PublishRequest("t", new byte[] { 1 }, null, Map.of()))));
        assertTrue(e.getMessage().contains("not initialized"), e.getMessage());
    }
}
