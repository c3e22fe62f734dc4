package io.quapr.e2e;

/** {@link StateTests} against {@code src/test/resources/stores/sqlite/statestore.yaml}. */
class SqliteStateIT extends StateTests {

    SqliteStateIT() {
        super(TestStore.SQLITE);
    }
}
