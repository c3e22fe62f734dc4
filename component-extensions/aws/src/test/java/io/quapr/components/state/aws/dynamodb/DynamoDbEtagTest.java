package io.quapr.components.state.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.conformance.MutableClock;
import io.quapr.spi.state.Concurrency;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOptions;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/** ETags and first-write, enforced by DynamoDB's conditional writes (moto evaluates them). */
class DynamoDbEtagTest {

    private static String table;
    private static Vertx vertx;
    private static DynamoDbStateStore store;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        try (DynamoDbAsyncClient raw = DynamoDbTesting.rawClient()) {
            table = DynamoDbTesting.newTable(raw, "quapr-etag", "key");
        }
        store = DynamoDbTesting.start(vertx, MutableClock.startingNow(), DynamoDbTesting.metadata(table, Map.of()));
    }

    @AfterAll
    static void stop() {
        DynamoDbTesting.await(store.close());
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static String newKey() {
        return "app||" + UUID.randomUUID();
    }

    private static SetRequest set(String key, String value, String etag, Concurrency concurrency) {
        return new SetRequest(key, value.getBytes(StandardCharsets.UTF_8), etag, Map.of(),
                new StateOptions(concurrency, Consistency.UNSPECIFIED));
    }

    private static String etagOf(String key) {
        return DynamoDbTesting.await(store.get(GetRequest.of(key))).etag();
    }

    private static String valueOf(String key) {
        byte[] data = DynamoDbTesting.await(store.get(GetRequest.of(key))).data();
        return data == null ? null : new String(data, StandardCharsets.UTF_8);
    }

    @Test
    void aWriteWithTheCurrentEtagWinsAndAStaleOneFails() {
        String key = newKey();
        DynamoDbTesting.await(store.set(set(key, "1", null, Concurrency.UNSPECIFIED)));
        String etag = etagOf(key);

        DynamoDbTesting.await(store.set(set(key, "2", etag, Concurrency.UNSPECIFIED)));
        ETagMismatchException e = assertThrows(ETagMismatchException.class,
                () -> DynamoDbTesting.await(store.set(set(key, "3", etag, Concurrency.UNSPECIFIED))));
        assertTrue(e.getMessage().contains(key), e.getMessage());
        assertEquals("2", valueOf(key));
    }

    @Test
    void anEtagOnAMissingKeyIsAMismatch() {
        assertThrows(ETagMismatchException.class,
                () -> DynamoDbTesting.await(store.set(set(newKey(), "1", "abc", Concurrency.UNSPECIFIED))));
    }

    @Test
    void anEmptyEtagIsNoEtag() {
        String key = newKey();
        DynamoDbTesting.await(store.set(set(key, "1", "", Concurrency.UNSPECIFIED)));
        assertEquals("1", valueOf(key));
    }

    @Test
    void firstWriteWithoutEtagOnlyCreates() {
        String key = newKey();
        DynamoDbTesting.await(store.set(set(key, "1", null, Concurrency.FIRST_WRITE)));
        assertThrows(ETagMismatchException.class,
                () -> DynamoDbTesting.await(store.set(set(key, "2", null, Concurrency.FIRST_WRITE))));
        assertEquals("1", valueOf(key));
    }

    @Test
    void firstWriteWithEtagNeedsTheCurrentOne() {
        String key = newKey();
        DynamoDbTesting.await(store.set(set(key, "1", null, Concurrency.UNSPECIFIED)));
        String etag = etagOf(key);
        DynamoDbTesting.await(store.set(set(key, "2", etag, Concurrency.FIRST_WRITE)));
        assertThrows(ETagMismatchException.class,
                () -> DynamoDbTesting.await(store.set(set(key, "3", etag, Concurrency.FIRST_WRITE))));
    }

    @Test
    void deleteHonoursTheEtag() {
        String key = newKey();
        DynamoDbTesting.await(store.set(set(key, "1", null, Concurrency.UNSPECIFIED)));
        String etag = etagOf(key);

        assertThrows(ETagMismatchException.class,
                () -> DynamoDbTesting
                        .await(store.delete(new DeleteRequest(key, "stale", Map.of(), StateOptions.DEFAULT))));
        DynamoDbTesting.await(store.delete(new DeleteRequest(key, etag, Map.of(), StateOptions.DEFAULT)));
        assertFalse(DynamoDbTesting.await(store.get(GetRequest.of(key))).found());
    }

    @Test
    void deletingAMissingKeySucceedsWithoutEtagAndFailsWithOne() {
        DynamoDbTesting.await(store.delete(DeleteRequest.of(newKey())));
        assertThrows(ETagMismatchException.class,
                () -> DynamoDbTesting
                        .await(store.delete(new DeleteRequest(newKey(), "abc", Map.of(), StateOptions.DEFAULT))));
    }

    @Test
    void strongReadsSeeTheLatestWrite() {
        String key = newKey();
        DynamoDbTesting.await(store.set(set(key, "1", null, Concurrency.UNSPECIFIED)));
        byte[] data = DynamoDbTesting.await(store.get(new GetRequest(key, Map.of(), Consistency.STRONG))).data();
        assertEquals("1", new String(data, StandardCharsets.UTF_8));
    }
}
