package io.quapr.e2e;

/** {@link PubSubTests} against {@code src/test/resources/pubsub/rabbitmq/}. */
class RabbitMqPubSubIT extends PubSubTests {

    RabbitMqPubSubIT() {
        super(TestBroker.RABBITMQ);
    }
}
