package io.quapr.e2e;

/** {@link StateTests} against {@code src/test/resources/stores/in-memory/statestore.yaml}. */
class InMemoryStateIT extends StateTests {

    InMemoryStateIT() {
        super(TestStore.IN_MEMORY);
    }
}
