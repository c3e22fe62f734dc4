package io.quapr.components.state.inmemory;

import io.quapr.conformance.MutableClock;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.SetRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** An initialised store on its own Vert.x and a clock the test moves; close it after use. */
final class StoreFixture implements AutoCloseable {

    static final Instant START = Instant.parse("2025-01-02T03:04:05.500Z");

    final MutableClock clock = new MutableClock(START);
    final Vertx vertx = Vertx.vertx();
    final InMemoryStateStore store;

    StoreFixture() {
        this(InMemoryStateStore.SWEEP_INTERVAL);
    }

    StoreFixture(Duration sweepInterval) {
        store = new InMemoryStateStore(sweepInterval);
        ComponentMetadata metadata = ComponentMetadata
                .bind("test", Map.of(), MetadataSchema.of(InMemoryStateStore.class),
                        Set.of())
                .metadata();
        await(store.init(metadata, new ComponentContext(vertx, clock, "app", "", Path.of("."))));
    }

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(10));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    GetResponse get(String key) {
        return await(store.get(GetRequest.of(key)));
    }

    void set(String key, String value) {
        await(store.set(SetRequest.of(key, utf8(value))));
    }

    @Override
    public void close() {
        await(store.close());
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
