package io.quapr.e2e;

/** {@link StateTests} against {@code src/test/resources/stores/redis/statestore.yaml}. */
class RedisStateIT extends StateTests {

    RedisStateIT() {
        super(TestStore.REDIS);
    }
}
