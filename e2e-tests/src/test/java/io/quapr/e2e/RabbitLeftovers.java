package io.quapr.e2e;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Deletes what a test's durable, non-auto-delete RabbitMQ topology left on the shared broker
 * (127.0.0.1:5672, guest/guest): daprd's queues {@code <consumerID>-<topic>} and the topics'
 * exchanges. Auto-delete topologies (the YAML's default) go by themselves; these would stay.
 */
final class RabbitLeftovers {

    private RabbitLeftovers() {
    }

    /** Deletes the queues of {@code consumerId} on {@code topics} and the topics' exchanges; reports, never fails. */
    static void delete(String consumerId, List<String> topics) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        try (Connection c = factory.newConnection("e2e-leftovers"); Channel ch = c.createChannel()) {
            for (String topic : topics) {
                ch.queueDelete(consumerId + "-" + topic);
                ch.exchangeDelete(topic);
            }
        } catch (IOException | TimeoutException e) {
            System.err.println("could not delete the RabbitMQ queues of " + consumerId + " on " + topics + ": " + e);
        }
    }
}
