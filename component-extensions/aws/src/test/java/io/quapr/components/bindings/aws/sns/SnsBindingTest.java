package io.quapr.components.bindings.aws.sns;

import static io.quapr.components.aws.MotoComponents.await;
import static io.quapr.components.bindings.aws.BindingTesting.invoke;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.components.aws.Moto;
import io.quapr.components.aws.MotoComponents;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * bindings.aws.sns on moto: what {@code create} publishes reaches an SQS queue subscribed to the
 * topic (moto's real fan-out writes SNS's notification JSON into the queue), with its subject;
 * data the binding cannot publish is refused before any call.
 */
class SnsBindingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Vertx vertx;
    private static SnsAsyncClient sns;
    private static SqsAsyncClient sqs;
    private static String queueUrl;
    private static SnsBinding binding;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        sns = Moto.client(SnsAsyncClient.builder());
        sqs = Moto.client(SqsAsyncClient.builder());
        String topicArn = sns.createTopic(b -> b.name(Moto.newName("quapr-sns-binding"))).join().topicArn();
        queueUrl = sqs.createQueue(b -> b.queueName(Moto.newName("quapr-sns-binding"))).join().queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).join().attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn)).join();
        binding = MotoComponents.start(new SnsBinding(), vertx, MotoComponents.metadata(Map.of("topicArn", topicArn)));
    }

    @AfterAll
    static void stop() {
        await(binding.close());
        sns.close();
        sqs.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void createPublishesTheMessageWithItsSubjectToTheTopic() throws Exception {
        assertNull(invoke(binding, "create", "{\"message\":\"order 42 shipped\",\"subject\":\"orders\"}", Map.of()));
        JsonNode notification = next();
        assertEquals("order 42 shipped", notification.get("Message").asText());
        assertEquals("orders", notification.get("Subject").asText());
    }

    @Test
    void aMessageThatIsNotAStringIsSentAsItsJsonAndNoSubjectAsNone() throws Exception {
        invoke(binding, "create", "{\"message\":{\"order\":42}}", Map.of());
        JsonNode notification = next();
        assertEquals("{\"order\":42}", notification.get("Message").asText());
        assertFalse(notification.hasNonNull("Subject"), notification.toString());
    }

    @Test
    void dataThatIsNotAnObjectWithAMessageIsABadRequest() {
        assertThrows(IllegalArgumentException.class, () -> invoke(binding, "create", "\"text\"", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> invoke(binding, "create", "not json", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> invoke(binding, "create", "{\"subject\":\"s\"}",
                Map.of()));
    }

    /** The next notification in the subscribed queue, deleted; the tests run one after the other. */
    private static JsonNode next() throws Exception {
        long end = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < end) {
            List<Message> got = new ArrayList<>(sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)
                    .maxNumberOfMessages(1)).join().messages());
            if (!got.isEmpty()) {
                Message m = got.get(0);
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())).join();
                return JSON.readTree(m.body());
            }
        }
        throw new AssertionError("nothing reached the subscribed queue within 30 s");
    }
}
