package io.quapr.e2e;

/** {@link StateTests} against {@code src/test/resources/stores/postgresql/statestore.yaml}. */
class PostgresqlStateIT extends StateTests {

    PostgresqlStateIT() {
        super(TestStore.POSTGRESQL);
    }
}
