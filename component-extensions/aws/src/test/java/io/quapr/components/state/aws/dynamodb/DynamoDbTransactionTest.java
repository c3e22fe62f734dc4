package io.quapr.components.state.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.conformance.MutableClock;
import io.quapr.spi.state.Concurrency;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOperation;
import io.quapr.spi.state.StateOptions;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Transactions on moto's DynamoDB, which carries out {@code TransactWriteItems} all or nothing
 * and cancels it, with a reason per action, when a condition fails: what the store's one call
 * leaves in the table (read back with the raw SDK), and how a cancellation reaches the caller.
 * Each test has a table of its own.
 */
class DynamoDbTransactionTest {

    private static final String TTL = "expiresAt";
    private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");

    private static DynamoDbAsyncClient raw;
    private static Vertx vertx;

    private final MutableClock clock = new MutableClock(START);
    private String table;
    private String partitionKey;
    private DynamoDbStateStore store;

    @BeforeAll
    static void clients() {
        raw = DynamoDbTesting.rawClient();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeClients() {
        raw.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @BeforeEach
    void startStore() {
        startStore("key");
    }

    /** A store with TTL on, on a new table keyed by {@code key}; replaces the one from before. */
    private void startStore(String key) {
        stopStore();
        partitionKey = key;
        table = DynamoDbTesting.newTable(raw, "quapr-tx", key);
        DynamoDbTesting.enableTtl(raw, table, TTL);
        store = DynamoDbTesting.start(vertx, clock,
                DynamoDbTesting.metadata(table, Map.of("ttlAttributeName", TTL, "partitionKey", key)));
    }

    @AfterEach
    void stopStore() {
        if (store != null) {
            DynamoDbTesting.await(store.close());
            store = null;
        }
    }

    private static SetRequest set(String key, String value, String etag, Concurrency concurrency) {
        return new SetRequest(key, value.getBytes(StandardCharsets.UTF_8), etag, Map.of(),
                new StateOptions(concurrency, Consistency.UNSPECIFIED));
    }

    private static SetRequest set(String key, String value) {
        return set(key, value, null, Concurrency.UNSPECIFIED);
    }

    private static SetRequest setWithTtl(String key, String value, String etag, String ttlSeconds) {
        return new SetRequest(key, value.getBytes(StandardCharsets.UTF_8), etag, Map.of("ttlInSeconds", ttlSeconds),
                StateOptions.DEFAULT);
    }

    private static DeleteRequest delete(String key, String etag) {
        return new DeleteRequest(key, etag, Map.of(), StateOptions.DEFAULT);
    }

    private void multi(StateOperation... operations) {
        DynamoDbTesting.await(store.multi(List.of(operations), Map.of()));
    }

    private ETagMismatchException refused(StateOperation... operations) {
        return assertThrows(ETagMismatchException.class, () -> multi(operations));
    }

    /** Writes {@code key} through the store (outside any transaction); its ETag. */
    private String written(String key, String value) {
        DynamoDbTesting.await(store.set(set(key, value)));
        return DynamoDbTesting.await(store.get(GetRequest.of(key))).etag();
    }

    /** The stored item, read strongly consistent; empty when there is none. */
    private Map<String, AttributeValue> item(String key) {
        return raw.getItem(b -> b.tableName(table).key(Map.of(partitionKey, AttributeValue.fromS(key)))
                .consistentRead(true)).join().item();
    }

    private String value(String key) {
        AttributeValue v = item(key).get(ItemLayout.VALUE);
        return v == null ? null : v.s() != null ? v.s() : v.b().asUtf8String();
    }

    private int itemCount() {
        return raw.scan(b -> b.tableName(table).consistentRead(true)).join().count();
    }

    @Test
    void appliesEveryOperationInOneCall() {
        String b = written("app||b", "1");
        String c = written("app||c", "1");
        written("app||e", "1");

        multi(set("app||a", "{\"n\":1}"),
                delete("app||b", b),
                set("app||c", "plain", c, Concurrency.LAST_WRITE),
                set("app||d", "\"d\"", null, Concurrency.FIRST_WRITE),
                delete("app||e", null));

        Map<String, AttributeValue> a = item("app||a");
        assertEquals("{\"n\":1}", a.get("value").s(), "JSON is kept as a string, as daprd keeps it");
        assertTrue(a.get("etag").s().matches("[0-9a-f]{1,16}"), a.toString());
        assertTrue(item("app||b").isEmpty());
        // not JSON, so binary, as daprd stores gRPC bytes
        assertEquals("plain", item("app||c").get("value").b().asUtf8String());
        assertEquals("\"d\"", value("app||d"));
        assertTrue(item("app||e").isEmpty());
        assertEquals(3, itemCount());
    }

    @Test
    void aStaleEtagCancelsEveryOperationAndNamesItsKey() {
        written("app||x", "old");
        ETagMismatchException e = refused(set("app||a", "1"), set("app||a", "2"),
                set("app||x", "new", "0123abcd", Concurrency.UNSPECIFIED), delete("app||y", null));
        // app||a's two sets are one action, so DynamoDB's reason for app||x is the second
        assertTrue(e.getMessage().contains("app||x"), e.getMessage());
        assertTrue(item("app||a").isEmpty(), "the first action was rolled back");
        assertEquals("old", value("app||x"));
    }

    @Test
    void anEtagOnADeleteIsCheckedToo() {
        String etag = written("app||k", "1");
        written("app||k", "2");
        ETagMismatchException e = refused(set("app||other", "1"), delete("app||k", etag));
        assertTrue(e.getMessage().contains("app||k"), e.getMessage());
        assertEquals("2", value("app||k"));
        assertTrue(item("app||other").isEmpty());
    }

    @Test
    void firstWriteOnAnExistingKeyCancelsTheTransaction() {
        written("app||k", "1");
        ETagMismatchException e = refused(set("app||other", "1"), set("app||k", "2", null, Concurrency.FIRST_WRITE));
        assertTrue(e.getMessage().contains("app||k"), e.getMessage());
        assertEquals("1", value("app||k"));
        assertTrue(item("app||other").isEmpty());
    }

    @Test
    void putsCarryTheExpiryCountedFromTheComponentClock() {
        clock.advance(Duration.ofHours(1));
        multi(setWithTtl("app||t", "1", null, "5"), set("app||n", "2"));
        assertEquals(Long.toString(START.getEpochSecond() + 3600 + 5), item("app||t").get(TTL).n());
        assertNull(item("app||n").get(TTL));
    }

    @Test
    void conditionsTreatAnExpiredItemAsAbsent() {
        startStore("id");
        DynamoDbTesting.await(store.set(setWithTtl("app||t", "old", null, "1")));
        String etag = DynamoDbTesting.await(store.get(GetRequest.of("app||t"))).etag();
        clock.advance(Duration.ofSeconds(1));

        refused(setWithTtl("app||t", "new", etag, "60"));
        assertEquals("old", value("app||t"));

        multi(set("app||t", "new", null, Concurrency.FIRST_WRITE));
        assertEquals("new", value("app||t"));
        assertNull(item("app||t").get(TTL));
    }

    @Test
    void theEtagOfALiveItemWithExpiryStillMatches() {
        DynamoDbTesting.await(store.set(setWithTtl("app||t", "old", null, "60")));
        String etag = DynamoDbTesting.await(store.get(GetRequest.of("app||t"))).etag();
        clock.advance(Duration.ofSeconds(59));
        multi(setWithTtl("app||t", "new", etag, "60"));
        assertEquals("new", value("app||t"));
        assertEquals(Long.toString(START.getEpochSecond() + 59 + 60), item("app||t").get(TTL).n());
    }

    @Test
    void onlyTheLastOperationOnAKeyIsWrittenUnderTheFirstOnesCondition() {
        String etag = written("app||k", "1");
        multi(delete("app||k", etag), set("app||other", "1"), set("app||k", "2"), set("app||k", "3"));
        assertEquals("3", value("app||k"));
        assertEquals("1", value("app||other"));

        refused(delete("app||k", etag), set("app||k", "4"));
        assertEquals("3", value("app||k"));
    }

    @Test
    void setThenDeleteOfOneKeyLeavesNoItem() {
        written("app||k", "1");
        multi(set("app||k", "2"), delete("app||k", null), set("app||new", "1"), delete("app||new", null));
        assertTrue(item("app||k").isEmpty());
        assertTrue(item("app||new").isEmpty());
    }

    @Test
    void aLaterEtagOnARewrittenKeyFailsAndWritesNothing() {
        ETagMismatchException e = refused(set("app||j", "1"), set("app||k", "1"),
                set("app||k", "2", "e1", Concurrency.UNSPECIFIED));
        assertTrue(e.getMessage().contains("app||k"), e.getMessage());
        assertEquals(0, itemCount());
    }

    @Test
    void firstWriteAfterASetOfTheSameKeyFailsButAfterADeleteHolds() {
        written("app||k", "1");
        refused(set("app||k", "2"), set("app||k", "3", null, Concurrency.FIRST_WRITE));
        assertEquals("1", value("app||k"));

        multi(delete("app||k", null), set("app||k", "3", null, Concurrency.FIRST_WRITE));
        assertEquals("3", value("app||k"));
    }

    @Test
    void holdsAtMostOneHundredOperations() {
        assertEquals(100, store.maxOperations());

        List<StateOperation> hundred = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hundred.add(set("app||k" + i, Integer.toString(i)));
        }
        DynamoDbTesting.await(store.multi(hundred, Map.of()));
        assertEquals(100, itemCount());
        assertEquals("99", value("app||k99"));

        List<StateOperation> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(set("app||more" + i, Integer.toString(i)));
        }
        assertThrows(IllegalArgumentException.class, () -> DynamoDbTesting.await(store.multi(tooMany, Map.of())));
        assertEquals(100, itemCount(), "nothing written for 101 operations");
    }

    @Test
    void anEmptyTransactionWritesNothing() {
        multi();
        assertEquals(0, itemCount());
    }

    @Test
    void cancellationsForOtherReasonsAreNotEtagErrors() {
        // DynamoDB cancels for conflicts with other transactions, throttling and the like, which
        // a single test server does not produce on demand: the mapping is checked on its own
        TransactionCanceledException conflict = TransactionCanceledException.builder()
                .message("Transaction cancelled [None, TransactionConflict]")
                .cancellationReasons(CancellationReason.builder().code("None").build(),
                        CancellationReason.builder().code("TransactionConflict").build())
                .build();
        assertSame(conflict, DynamoDbStateStore.forTransaction(conflict, List.of("app||a", "app||b")));

        TransactionCanceledException condition = conflict.toBuilder()
                .cancellationReasons(CancellationReason.builder().code("TransactionConflict").build(),
                        CancellationReason.builder().code("ConditionalCheckFailed").build())
                .build();
        Throwable mapped = DynamoDbStateStore.forTransaction(condition, List.of("app||a", "app||b"));
        assertTrue(mapped instanceof ETagMismatchException && mapped.getMessage().contains("app||b"),
                mapped.toString());
        assertFalse(mapped.getMessage().contains("app||a"), mapped.getMessage());
    }
}
