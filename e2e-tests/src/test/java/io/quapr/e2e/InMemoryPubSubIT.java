package io.quapr.e2e;

/** {@link PubSubTests} against {@code src/test/resources/pubsub/in-memory/}. */
class InMemoryPubSubIT extends PubSubTests {

    InMemoryPubSubIT() {
        super(TestBroker.IN_MEMORY);
    }
}
