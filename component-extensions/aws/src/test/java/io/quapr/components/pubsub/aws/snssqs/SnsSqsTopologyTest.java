package io.quapr.components.pubsub.aws.snssqs;

import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.TIMEOUT;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.metadata;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.newName;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.publish;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.start;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.spi.pubsub.Message;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SNS/SQS entities the component makes are daprd's: a topic named as daprd sanitises the
 * Dapr topic, a queue named after consumerID, a queue policy statement letting the topic send,
 * and a non-raw SQS subscription; messages in daprd's shape are read as daprd reads them.
 */
class SnsSqsTopologyTest {

    private static Vertx vertx;
    private static SqsAsyncClient sqs;
    private static SnsAsyncClient sns;

    @BeforeAll
    static void clients() {
        vertx = Vertx.vertx();
        sqs = SnsSqsTesting.rawSqs();
        sns = SnsSqsTesting.rawSns();
    }

    @AfterAll
    static void close() {
        sqs.close();
        sns.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void subscribingMakesDaprdsTopicQueuePolicyAndSubscription() throws Exception {
        String app = newName("orders-app");
        String topic = newName("orders") + "/new.v1";
        SnsSqsPubSub pubsub = start(vertx, metadata(Map.of("consumerID", app)));
        try {
            SnsSqsTesting.Recorder r = SnsSqsTesting.Recorder.accepting();
            SnsSqsTesting.subscribe(pubsub, topic, r);

            String topicName = topic.replace("/", "").replace(".", "");
            String topicArn = SnsSqsTesting.arn("sns", topicName);
            assertEquals(topicArn,
                    sns.getTopicAttributes(b -> b.topicArn(topicArn)).join().attributes().get("TopicArn"));

            String url = sqs.getQueueUrl(b -> b.queueName(app)).join().queueUrl();
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url)
                    .attributeNames(QueueAttributeName.QUEUE_ARN, QueueAttributeName.POLICY)).join().attributes();
            String queueArn = attributes.get(QueueAttributeName.QUEUE_ARN);
            assertEquals(SnsSqsTesting.arn("sqs", app), queueArn);
            JsonNode statement = new ObjectMapper().readTree(attributes.get(QueueAttributeName.POLICY))
                    .path("Statement").path(0);
            assertEquals("Allow", statement.path("Effect").asText());
            assertEquals("sns.amazonaws.com", statement.path("Principal").path("Service").asText());
            assertEquals("sqs:SendMessage", statement.path("Action").asText());
            assertEquals(queueArn, statement.path("Resource").asText());
            assertEquals(topicArn, statement.path("Condition").path("ArnEquals").path("aws:SourceArn").asText());

            List<Subscription> subscriptions = sns.listSubscriptionsByTopic(b -> b.topicArn(topicArn)).join()
                    .subscriptions();
            assertEquals(1, subscriptions.size());
            assertEquals("sqs", subscriptions.get(0).protocol());
            assertEquals(queueArn, subscriptions.get(0).endpoint());
            assertEquals("false", sns.getSubscriptionAttributes(b -> b.subscriptionArn(subscriptions.get(0)
                    .subscriptionArn())).join().attributes().get("RawMessageDelivery"));

            publish(pubsub, topic, "hello");
            assertTrue(r.await(seen -> !seen.isEmpty(), TIMEOUT), "nothing arrived");
            Message m = r.seen().get(0);
            assertEquals(topic, m.topic(), "the Dapr topic, not the sanitised one");
            assertEquals("hello", new String(m.data(), StandardCharsets.UTF_8));
            assertEquals("text/plain", m.contentType());
        } finally {
            SnsSqsTesting.await(pubsub.close());
        }
    }

    @Test
    void aNotificationAsSnsWritesItForDaprdIsReadAsDaprdReadsIt() throws Exception {
        String app = newName("reader");
        String topic = newName("events");
        SnsSqsPubSub pubsub = start(vertx, metadata(Map.of("consumerID", app)));
        try {
            SnsSqsTesting.Recorder r = SnsSqsTesting.Recorder.accepting();
            subscribe(pubsub, topic, r);
            String url = sqs.getQueueUrl(b -> b.queueName(app)).join().queueUrl();
            // what SNS writes for a message daprd published: no attributes; the Message is the data
            String body = "{\"Type\":\"Notification\",\"MessageId\":\"5a0b5b0e-1111-2222-3333-444455556666\","
                    + "\"TopicArn\":\"" + SnsSqsTesting.arn("sns", topic) + "\","
                    + "\"Message\":\"{\\\"specversion\\\":\\\"1.0\\\",\\\"data\\\":\\\"é\\\"}\","
                    + "\"Timestamp\":\"2026-11-26T10:00:00.000Z\",\"SignatureVersion\":\"1\",\"Signature\":\"x\"}";
            sqs.sendMessage(b -> b.queueUrl(url).messageBody(body)).join();
            assertTrue(r.await(seen -> !seen.isEmpty(), TIMEOUT), "nothing arrived");
            Message m = r.seen().get(0);
            assertEquals("{\"specversion\":\"1.0\",\"data\":\"é\"}", new String(m.data(), StandardCharsets.UTF_8));
            assertEquals(topic, m.topic());
            assertNull(m.contentType());
        } finally {
            SnsSqsTesting.await(pubsub.close());
        }
    }
}
