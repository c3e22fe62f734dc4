package io.quapr.components.pubsub.rabbitmq;

import static io.quapr.components.pubsub.rabbitmq.RabbitFixture.await;
import static io.quapr.components.pubsub.rabbitmq.RabbitFixture.request;
import static io.quapr.components.pubsub.rabbitmq.RabbitFixture.subscribe;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.quapr.spi.pubsub.PublishRequest;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the component leaves on the broker, read with a raw AMQP client: the exchanges, queues
 * and bindings daprd would declare, and messages with daprd's properties. A declaration with
 * the expected flags and arguments succeeds only if the existing entity is equivalent, so a
 * successful re-declaration proves the kind, durability, auto-delete and arguments.
 */
class DaprLayoutTest {

    @RegisterExtension
    final RabbitFixture rabbit = new RabbitFixture();

    @Test
    void subscribingDeclaresTheTopicExchangeAndTheAppsQueueBoundToIt() throws Exception {
        String topic = rabbit.topic();
        RabbitMqPubSub pubsub = rabbit.pubsub(Map.of());
        Inbox inbox = new Inbox();
        subscribe(pubsub, topic, Map.of(), inbox);
        try (Channel ch = rabbit.channel()) {
            ch.exchangeDeclare(topic, "fanout", true, true, null);
            ch.queueDeclare("app-" + topic, true, false, true, Map.of("x-queue-type", "classic"));
            // the binding: a message sent straight to the exchange reaches the subscription
            ch.basicPublish(topic, "", null, "raw".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("raw", Inbox.text(inbox.next()));
    }

    @Test
    void flagsFollowTheMetadata() throws Exception {
        String topic = rabbit.topic();
        RabbitMqPubSub pubsub = rabbit.pubsub(Map.of("durable", "false", "deletedWhenUnused", "false", "exchangeKind",
                "topic", "maxLen", "10"));
        subscribe(pubsub, topic, Map.of("routingKey", "a.*"), new Inbox());
        try (Channel ch = rabbit.channel()) {
            ch.exchangeDeclare(topic, "topic", false, false, null);
            ch.queueDeclare("app-" + topic, false, false, false,
                    Map.of("x-queue-type", "classic", "x-max-length", 10L));
        }
    }

    @Test
    void deadLetterExchangeAndQueueAreNamedAfterTheQueue() throws Exception {
        String topic = rabbit.topic();
        String queue = "app-" + topic;
        rabbit.exchange("dlx-" + queue);
        rabbit.queue("dlq-" + queue);
        RabbitMqPubSub pubsub = rabbit.pubsub(Map.of("enableDeadLetter", "true", "requeueInFailure", "false"));
        Inbox inbox = new Inbox().answering(m -> Uni.createFrom()
                .failure(new IllegalStateException("sidecar stopping")));
        subscribe(pubsub, topic, Map.of(), inbox);
        try (Channel ch = rabbit.channel()) {
            ch.exchangeDeclare("dlx-" + queue, "fanout", true, true, null);
            ch.queueDeclare("dlq-" + queue, true, false, true, Map.of("x-queue-mode", "lazy"));
            ch.queueDeclare(queue, true, false, true,
                    Map.of("x-queue-type", "classic", "x-dead-letter-exchange", "dlx-" + queue));
        }
        await(pubsub.publish(request(topic, "poison", Map.of())));
        inbox.next();
        // nacked without requeue: the broker moves it to the dead-letter queue
        GetResponse dead = poll("dlq-" + queue);
        assertEquals("poison", new String(dead.getBody(), StandardCharsets.UTF_8));
    }

    @Test
    void publishedMessagesCarryDaprdsProperties() throws Exception {
        String topic = rabbit.topic();
        String probe = topic + "-probe";
        rabbit.queue(probe);
        RabbitMqPubSub pubsub = rabbit.pubsub(Map.of("deliveryMode", "2", "exchangeKind", "direct"));
        // the first publish declares the exchange; bind a probe queue to it, then publish again
        await(pubsub.publish(request(topic, "first", Map.of())));
        try (Channel ch = rabbit.channel()) {
            ch.queueDeclare(probe, false, false, false, null);
            ch.queueBind(probe, topic, "eu");
        }
        byte[] body = { 0, 1, (byte) 0xfe, (byte) 0xff };
        await(pubsub.publish(new PublishRequest(topic, body, "application/octet-stream", Map.of("routingKey", "eu",
                "ttlInSeconds", "60", "messageID", "m-1", "correlationID", "c-1", "type", "t", "priority", "3"))));
        await(pubsub.publish(request(topic, "elsewhere", Map.of("routingKey", "us"))));
        GetResponse r = poll(probe);
        assertArrayEquals(body, r.getBody());
        AMQP.BasicProperties p = r.getProps();
        assertEquals("application/octet-stream", p.getContentType());
        assertEquals(2, p.getDeliveryMode());
        assertEquals("60000", p.getExpiration());
        assertEquals("m-1", p.getMessageId());
        assertEquals("c-1", p.getCorrelationId());
        assertEquals("t", p.getType());
        assertEquals(3, p.getPriority());
        assertNull(p.getHeaders());
        assertEquals("eu", r.getEnvelope().getRoutingKey());
        try (Channel ch = rabbit.channel()) {
            assertNull(ch.basicGet(probe, true), "the message for routing key 'us' is not bound to the probe");
        }
    }

    @Test
    void aQueueWithOtherArgumentsFailsTheSubscribeWithTheBrokersReason() throws Exception {
        String topic = rabbit.topic();
        try (Channel ch = rabbit.channel()) {
            ch.queueDeclare("app-" + topic, true, false, true, Map.of("x-max-length", 1L));
        }
        RabbitMqPubSub pubsub = rabbit.pubsub(Map.of());
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> subscribe(pubsub, topic, Map.of(), new Inbox()));
        assertTrue(e.getMessage().contains("PRECONDITION_FAILED"), e.getMessage());
        assertTrue(e.getMessage().contains("app-" + topic), e.getMessage());
    }

    @Test
    void anExchangeOfAnotherKindFailsThePublishAndTheNextPublishStartsAfresh() throws Exception {
        String topic = rabbit.topic();
        try (Channel ch = rabbit.channel()) {
            ch.exchangeDeclare(topic, "direct", true, true, null);
            ch.queueDeclare(topic + "-keep", false, false, true, null);
            ch.queueBind(topic + "-keep", topic, "");
        }
        rabbit.queue(topic + "-keep");
        RabbitMqPubSub pubsub = rabbit.pubsub(Map.of());
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> await(pubsub.publish(request(topic, "x", Map.of()))));
        assertTrue(e.getMessage().contains("PRECONDITION_FAILED"), e.getMessage());
        String other = rabbit.topic();
        await(pubsub.publish(request(other, "fine", Map.of())));
    }

    @Test
    void initFailsWhenTheBrokerCannotBeReached() {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> rabbit.pubsub(Map.of("connectionString", "amqp://guest:guest@127.0.0.1:1")));
        assertTrue(e.getMessage().contains("cannot connect to RabbitMQ at amqp://guest@127.0.0.1:1"),
                e.getMessage());
    }

    @Test
    void badCredentialsFailInit() {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> rabbit.pubsub(Map.of("connectionString", "amqp://nobody:wrong@127.0.0.1:5672")));
        assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
    }

    private GetResponse poll(String queue) throws IOException, Exception, InterruptedException {
        try (Channel ch = rabbit.channel()) {
            long end = System.currentTimeMillis() + RabbitFixture.WAIT.toMillis();
            while (System.currentTimeMillis() < end) {
                GetResponse r = ch.basicGet(queue, true);
                if (r != null) {
                    return r;
                }
                Thread.sleep(20);
            }
        }
        assertNotNull(null, "nothing arrived in " + queue);
        return null;
    }
}
