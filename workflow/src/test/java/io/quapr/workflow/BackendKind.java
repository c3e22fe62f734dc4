package io.quapr.workflow;

import io.quapr.spi.state.TransactionalStateStore;
import io.quapr.workflow.backend.InMemoryBackend;
import io.quapr.workflow.backend.StateStoreBackend;
import io.quapr.workflow.backend.WorkflowBackend;
import java.nio.file.Path;
import java.time.Duration;

/** The backends every engine test runs against. */
enum BackendKind {
    IN_MEMORY,
    STATE_STORE_IN_MEMORY,
    STATE_STORE_SQLITE;

    /** A fresh backend (its store in {@code dir} where it has one). */
    WorkflowBackend create(Stores stores, Path dir) {
        return switch (this) {
            case IN_MEMORY -> new InMemoryBackend();
            case STATE_STORE_IN_MEMORY -> onStore(stores.inMemory(dir));
            case STATE_STORE_SQLITE -> onStore(stores.sqlite(dir.resolve("workflows.db")));
        };
    }

    private static WorkflowBackend onStore(TransactionalStateStore store) {
        return new StateStoreBackend(store, "app", Duration.ofSeconds(5));
    }
}
