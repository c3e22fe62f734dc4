package io.quapr.e2e;

/** {@link PubSubTests} against {@code src/test/resources/pubsub/redis/}. */
class RedisPubSubIT extends PubSubTests {

    RedisPubSubIT() {
        super(TestBroker.REDIS);
    }
}
