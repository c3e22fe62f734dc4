package io.quapr.e2e;

/** {@link PubSubTests} against {@code src/test/resources/pubsub/kafka/}. */
class KafkaPubSubIT extends PubSubTests {

    KafkaPubSubIT() {
        super(TestBroker.KAFKA);
    }
}
