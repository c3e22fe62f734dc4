package io.quapr.components.pubsub.aws.snssqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The TEST-ONLY SNS stand-in does what SNS does for the calls it emulates, seen from the AWS SDK:
 * the notification JSON or raw delivery, delivery only where the queue policy lets the topic
 * send, and SNS's errors. The component's tests rely on exactly this.
 */
class SnsStandInTest {

    private static SnsAsyncClient sns;
    private static SqsAsyncClient sqs;

    @BeforeAll
    static void setUp() {
        sns = SnsSqsTesting.rawSns();
        sqs = SnsSqsTesting.rawSqs(SnsSqsServers.standIn().endpoint());
    }

    @AfterAll
    static void tearDown() {
        sns.close();
        sqs.close();
    }

    /** A new queue whose policy lets {@code topicArn} send, subscribed to it; its URL. */
    private static String subscribedQueue(String topicArn, boolean raw) {
        String name = SnsSqsTesting.newName("standin");
        String url = sqs.createQueue(b -> b.queueName(name)).join().queueUrl();
        String arn = "arn:aws:sqs:us-east-1:000000000000:" + name;
        sqs.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("Policy",
                QueuePolicy.allowing(null, arn, topicArn).orElseThrow()))).join();
        String subscription = sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(arn)).join()
                .subscriptionArn();
        if (raw) {
            sns.setSubscriptionAttributes(b -> b.subscriptionArn(subscription).attributeName("RawMessageDelivery")
                    .attributeValue("true")).join();
        }
        return url;
    }

    private static Message receiveOne(String url) {
        List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(2)
                .messageAttributeNames("All")).join().messages();
        assertEquals(1, got.size());
        return got.get(0);
    }

    @Test
    void aSubscribedQueueGetsTheNotificationJson() throws Exception {
        String topicArn = sns.createTopic(b -> b.name(SnsSqsTesting.newName("t"))).join().topicArn();
        String url = subscribedQueue(topicArn, false);
        String id = sns.publish(b -> b.topicArn(topicArn).message("hi").subject("s").messageAttributes(Map.of("k",
                MessageAttributeValue.builder().dataType("String").stringValue("v").build()))).join().messageId();
        JsonNode n = new ObjectMapper().readTree(receiveOne(url).body());
        assertEquals("Notification", n.path("Type").asText());
        assertEquals(id, n.path("MessageId").asText());
        assertEquals(topicArn, n.path("TopicArn").asText());
        assertEquals("hi", n.path("Message").asText());
        assertEquals("s", n.path("Subject").asText());
        assertEquals("String", n.path("MessageAttributes").path("k").path("Type").asText());
        assertEquals("v", n.path("MessageAttributes").path("k").path("Value").asText());
        assertTrue(n.has("Timestamp") && n.has("Signature") && n.has("UnsubscribeURL"), n.toString());
    }

    @Test
    void rawDeliveryWritesTheMessageAndItsAttributes() {
        String topicArn = sns.createTopic(b -> b.name(SnsSqsTesting.newName("t"))).join().topicArn();
        String url = subscribedQueue(topicArn, true);
        sns.publish(b -> b.topicArn(topicArn).message("raw body").messageAttributes(Map.of("k",
                MessageAttributeValue.builder().dataType("String").stringValue("v").build()))).join();
        Message m = receiveOne(url);
        assertEquals("raw body", m.body());
        assertEquals("v", m.messageAttributes().get("k").stringValue());
    }

    @Test
    void withoutAPolicyForTheTopicNothingIsDelivered() {
        String topicArn = sns.createTopic(b -> b.name(SnsSqsTesting.newName("t"))).join().topicArn();
        String other = sns.createTopic(b -> b.name(SnsSqsTesting.newName("other"))).join().topicArn();
        String url = subscribedQueue(other, false);
        String arn = "arn:aws:sqs:us-east-1:000000000000:" + url.substring(url.lastIndexOf('/') + 1);
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(arn)).join();
        int dropped = SnsSqsServers.standIn().topics().dropped();
        sns.publish(b -> b.topicArn(topicArn).message("not allowed")).join();
        assertEquals(dropped + 1, SnsSqsServers.standIn().topics().dropped());
        assertEquals(List.of(), sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).join().messages());
    }

    @Test
    void snssErrors() {
        CompletionException e = assertThrows(CompletionException.class, () -> sns.publish(b -> b
                .topicArn("arn:aws:sns:us-east-1:000000000000:nobody-made-this").message("x")).join());
        assertTrue(e.getCause() instanceof NotFoundException, e.getCause().toString());
        String topicArn = sns.createTopic(b -> b.name(SnsSqsTesting.newName("t"))).join().topicArn();
        e = assertThrows(CompletionException.class, () -> sns.publish(b -> b.topicArn(topicArn).message("")).join());
        assertTrue(e.getCause() instanceof InvalidParameterException, e.getCause().toString());
        String fifo = sns.createTopic(b -> b.name(SnsSqsTesting.newName("f") + ".fifo")
                .attributes(Map.of("FifoTopic", "true", "ContentBasedDeduplication", "true"))).join().topicArn();
        e = assertThrows(CompletionException.class, () -> sns.publish(b -> b.topicArn(fifo).message("m")).join());
        assertTrue(e.getCause().getMessage().contains("MessageGroupId"), e.getCause().getMessage());
    }
}
