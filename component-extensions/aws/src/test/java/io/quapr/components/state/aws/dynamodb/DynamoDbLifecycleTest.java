package io.quapr.components.state.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.components.aws.Moto;
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

/** Start-up on moto, where results are delivered, and shut-down. */
class DynamoDbLifecycleTest {

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
        String missing = Moto.newName("quapr-no-such-table");
        DynamoDbStateStore store = new DynamoDbStateStore();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DynamoDbTesting.await(store.init(
                DynamoDbTesting.bind(DynamoDbTesting.metadata(missing, Map.of())),
                DynamoDbTesting.context(vertx, clock))));
        assertTrue(e.getMessage().contains("'" + missing + "'") && e.getMessage().contains("does not exist"),
                e.getMessage());
    }

    @Test
    void initFailsWhenTheServerCannotBeReached() {
        DynamoDbStateStore store = new DynamoDbStateStore();
        String table = Moto.newName("quapr-unreachable");
        Map<String, String> metadata = DynamoDbTesting.metadata(table, Map.of());
        // a port nothing listens on: connection refused
        metadata.put("endpoint", "http://127.0.0.1:9");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DynamoDbTesting
                        .await(store.init(DynamoDbTesting.bind(metadata), DynamoDbTesting.context(vertx, clock))));
        assertTrue(e.getMessage().contains("'" + table + "'"), e.getMessage());
    }

    @Test
    void resultsArriveOnTheCallersContextAndCloseEndsTheClient() throws Exception {
        String table;
        try (DynamoDbAsyncClient raw = DynamoDbTesting.rawClient()) {
            table = DynamoDbTesting.newTable(raw, "quapr-lifecycle", "key");
        }
        DynamoDbStateStore store = DynamoDbTesting.start(vertx, clock, DynamoDbTesting.metadata(table, Map.of()));

        Context caller = vertx.getOrCreateContext();
        CompletableFuture<Context> deliveredOn = new CompletableFuture<>();
        caller.runOnContext(ignored -> store.get(GetRequest.of("app||k")).subscribe().with(
                item -> deliveredOn.complete(Vertx.currentContext()), deliveredOn::completeExceptionally));
        assertSame(caller, deliveredOn.get(30, TimeUnit.SECONDS));

        DynamoDbTesting.await(store.close());
        assertThrows(IllegalStateException.class, () -> DynamoDbTesting.await(store.get(GetRequest.of("app||k"))));
        DynamoDbTesting.await(store.close());
    }
}
