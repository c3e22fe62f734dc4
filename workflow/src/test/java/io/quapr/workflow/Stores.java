package io.quapr.workflow;

import io.quapr.components.state.inmemory.InMemoryStateStore;
import io.quapr.components.state.sqlite.SqliteStateStore;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.state.TransactionalStateStore;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Real state stores from the component modules, initialised the way their own tests do. */
final class Stores implements AutoCloseable {

    final Vertx vertx = Vertx.vertx();

    TransactionalStateStore inMemory(Path dir) {
        InMemoryStateStore store = new InMemoryStateStore();
        init(store, InMemoryStateStore.class, Map.of(), dir);
        return store;
    }

    TransactionalStateStore sqlite(Path file) {
        SqliteStateStore store = new SqliteStateStore();
        init(store, SqliteStateStore.class, Map.of("connectionString", file.toString()), file.getParent());
        return store;
    }

    private void init(TransactionalStateStore store, Class<?> type, Map<String, String> md, Path dir) {
        ComponentMetadata metadata = ComponentMetadata.bind("workflowstore", md, MetadataSchema.of(type), Set.of())
                .metadata();
        store.init(metadata, new ComponentContext(vertx, Clock.systemUTC(), "app", "", dir)).await()
                .atMost(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
