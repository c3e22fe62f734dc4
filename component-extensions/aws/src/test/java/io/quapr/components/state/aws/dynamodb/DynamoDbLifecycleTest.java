package io.quapr.components.state.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.conformance.MutableClock;
import io.quapr.spi.state.GetRequest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/** Start-up against dynalite, where results are delivered, and shut-down. */
class DynamoDbLifecycleTest {

    private static final String TABLE = "quapr-lifecycle";

    private final MutableClock clock = MutableClock.startingNow();
    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void initFailsNamingAMissingTable() {
        DynamoDbStateStore store = new DynamoDbStateStore();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Dynalite.await(store.init(
                Dynalite.bind(Dynalite.metadata("quapr-no-such-table", Map.of())), Dynalite.context(vertx, clock))));
        assertTrue(e.getMessage().contains("'quapr-no-such-table'") && e.getMessage().contains("does not exist"),
                e.getMessage());
    }

    @Test
    void initFailsWhenTheServerCannotBeReached() {
        DynamoDbStateStore store = new DynamoDbStateStore();
        Map<String, String> metadata = Dynalite.metadata(TABLE, Map.of());
        // a port nothing listens on: connection refused
        metadata.put("endpoint", "http://127.0.0.1:9");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Dynalite.await(store.init(Dynalite.bind(metadata), Dynalite.context(vertx, clock))));
        assertTrue(e.getMessage().contains("'" + TABLE + "'"), e.getMessage());
    }

    @Test
    void resultsArriveOnTheCallersContextAndCloseEndsTheClient() throws Exception {
        try (DynamoDbAsyncClient raw = Dynalite.rawClient()) {
            Dynalite.recreateTable(raw, TABLE, "key");
        }
        DynamoDbStateStore store = Dynalite.start(vertx, clock, Dynalite.metadata(TABLE, Map.of()));

        Context caller = vertx.getOrCreateContext();
        CompletableFuture<Context> deliveredOn = new CompletableFuture<>();
        caller.runOnContext(ignored -> store.get(GetRequest.of("app||k")).subscribe().with(
                item -> deliveredOn.complete(Vertx.currentContext()), deliveredOn::completeExceptionally));
        assertSame(caller, deliveredOn.get(30, TimeUnit.SECONDS));

        Dynalite.await(store.close());
        assertThrows(IllegalStateException.class, () -> Dynalite.await(store.get(GetRequest.of("app||k"))));
        Dynalite.await(store.close());
    }
}
