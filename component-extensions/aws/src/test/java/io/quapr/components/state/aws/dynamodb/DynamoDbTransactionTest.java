package io.quapr.components.state.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quapr.conformance.MutableClock;
import io.quapr.spi.state.Concurrency;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagMismatchException;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Transactions, checked on the wire: dynalite has no {@code TransactWriteItems}, so the store
 * talks to {@link FakeDynamoDb}, and each test asserts the request it sent (actions in order,
 * conditions, items, the 100-action limit) or how it reads DynamoDB's cancellation answer.
 */
class DynamoDbTransactionTest {

    private static final String TRANSACT = "TransactWriteItems";
    private static final Instant START = Instant.parse("2026-11-26T10:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private Vertx vertx;
    private FakeDynamoDb server;
    private DynamoDbStateStore store;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = new FakeDynamoDb();
    }

    private void startStore(Map<String, String> extra) {
        Map<String, String> metadata = Dynalite.metadata("orders", extra);
        metadata.put("endpoint", server.endpoint());
        store = Dynalite.start(vertx, clock, metadata);
    }

    @AfterEach
    void stop() {
        if (store != null) {
            Dynalite.await(store.close());
        }
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static SetRequest set(String key, String value, String etag, Concurrency concurrency) {
        return new SetRequest(key, value.getBytes(StandardCharsets.UTF_8), etag, Map.of(),
                new StateOptions(concurrency, Consistency.UNSPECIFIED));
    }

    private static SetRequest set(String key, String value) {
        return set(key, value, null, Concurrency.UNSPECIFIED);
    }

    private static DeleteRequest delete(String key, String etag) {
        return new DeleteRequest(key, etag, Map.of(), StateOptions.DEFAULT);
    }

    private JsonNode onlyTransaction() {
        List<FakeDynamoDb.Request> sent = server.requests(TRANSACT);
        assertEquals(1, sent.size(), "TransactWriteItems calls");
        return sent.get(0).body().path("TransactItems");
    }

    @Test
    void sendsEveryOperationInOrderWithItsCondition() {
        startStore(Map.of());
        Dynalite.await(store.multi(List.of(
                set("app||a", "{\"n\":1}"),
                delete("app||b", "e1"),
                set("app||c", "plain", "e2", Concurrency.LAST_WRITE),
                set("app||d", "\"d\"", null, Concurrency.FIRST_WRITE),
                delete("app||e", null)), Map.of()));

        JsonNode items = onlyTransaction();
        assertEquals(5, items.size());

        JsonNode a = items.get(0).path("Put");
        assertEquals("orders", a.path("TableName").asText());
        assertEquals("app||a", a.path("Item").path("key").path("S").asText());
        assertEquals("{\"n\":1}", a.path("Item").path("value").path("S").asText());
        assertTrue(a.path("Item").path("etag").path("S").asText().matches("[0-9a-f]{1,16}"));
        assertTrue(a.path("ConditionExpression").isMissingNode());

        JsonNode b = items.get(1).path("Delete");
        assertEquals("app||b", b.path("Key").path("key").path("S").asText());
        assertEquals("etag = :etag", b.path("ConditionExpression").asText());
        assertEquals("e1", b.path("ExpressionAttributeValues").path(":etag").path("S").asText());

        JsonNode c = items.get(2).path("Put");
        assertEquals("etag = :etag", c.path("ConditionExpression").asText());
        assertEquals("e2", c.path("ExpressionAttributeValues").path(":etag").path("S").asText());
        // not JSON, so binary, as daprd stores gRPC bytes
        assertEquals("cGxhaW4=", c.path("Item").path("value").path("B").asText());

        JsonNode d = items.get(3).path("Put");
        assertEquals("attribute_not_exists(etag)", d.path("ConditionExpression").asText());
        assertTrue(d.path("ExpressionAttributeValues").isMissingNode());

        JsonNode e = items.get(4).path("Delete");
        assertEquals("app||e", e.path("Key").path("key").path("S").asText());
        assertTrue(e.path("ConditionExpression").isMissingNode());
    }

    @Test
    void conditionsTreatExpiredItemsAsAbsentAndPutsCarryTheExpiry() {
        startStore(Map.of("ttlAttributeName", "expiresAt", "partitionKey", "id"));
        SetRequest withTtl = new SetRequest("app||t", "1".getBytes(StandardCharsets.UTF_8), "e1",
                Map.of("ttlInSeconds", "60"), StateOptions.DEFAULT);
        Dynalite.await(store.multi(List.of(withTtl, set("app||f", "2", null, Concurrency.FIRST_WRITE)), Map.of()));

        JsonNode items = onlyTransaction();
        JsonNode t = items.get(0).path("Put");
        assertEquals("app||t", t.path("Item").path("id").path("S").asText());
        assertEquals(Long.toString(START.getEpochSecond() + 60), t.path("Item").path("expiresAt").path("N").asText());
        assertEquals("etag = :etag AND NOT #ttl <= :now", t.path("ConditionExpression").asText());
        assertEquals("expiresAt", t.path("ExpressionAttributeNames").path("#ttl").asText());
        assertEquals(Long.toString(START.getEpochSecond()),
                t.path("ExpressionAttributeValues").path(":now").path("N").asText());

        JsonNode f = items.get(1).path("Put");
        assertEquals("attribute_not_exists(etag) OR #ttl <= :now", f.path("ConditionExpression").asText());
        assertTrue(f.path("Item").path("expiresAt").isMissingNode());
    }

    @Test
    void sendsOnlyTheLastOperationOnAKeyWithTheFirstOnesCondition() {
        startStore(Map.of());
        Dynalite.await(store.multi(List.of(
                delete("app||k", "e1"),
                set("app||other", "1"),
                set("app||k", "2"),
                set("app||k", "3")), Map.of()));

        JsonNode items = onlyTransaction();
        assertEquals(2, items.size());
        assertEquals("app||other", items.get(0).path("Put").path("Item").path("key").path("S").asText());
        JsonNode k = items.get(1).path("Put");
        assertEquals("3", k.path("Item").path("value").path("S").asText());
        assertEquals("etag = :etag", k.path("ConditionExpression").asText());
        assertEquals("e1", k.path("ExpressionAttributeValues").path(":etag").path("S").asText());
    }

    @Test
    void setThenDeleteOfOneKeyIsOneDelete() {
        startStore(Map.of());
        Dynalite.await(store.multi(List.of(set("app||k", "1"), delete("app||k", null)), Map.of()));

        JsonNode items = onlyTransaction();
        assertEquals(1, items.size());
        assertEquals("app||k", items.get(0).path("Delete").path("Key").path("key").path("S").asText());
    }

    @Test
    void aLaterEtagOnARewrittenKeyFailsBeforeAnythingIsSent() {
        startStore(Map.of());
        ETagMismatchException e = assertThrows(ETagMismatchException.class, () -> Dynalite.await(store.multi(
                List.of(set("app||k", "1"), set("app||k", "2", "e1", Concurrency.UNSPECIFIED)), Map.of())));
        assertTrue(e.getMessage().contains("app||k"), e.getMessage());
        assertTrue(server.requests(TRANSACT).isEmpty());
    }

    @Test
    void firstWriteAfterASetOfTheSameKeyFailsButAfterADeleteHolds() {
        startStore(Map.of());
        assertThrows(ETagMismatchException.class, () -> Dynalite.await(store.multi(
                List.of(set("app||k", "1"), set("app||k", "2", null, Concurrency.FIRST_WRITE)), Map.of())));
        assertTrue(server.requests(TRANSACT).isEmpty());

        Dynalite.await(store.multi(
                List.of(delete("app||k", null), set("app||k", "2", null, Concurrency.FIRST_WRITE)), Map.of()));
        JsonNode put = onlyTransaction().get(0).path("Put");
        // the delete came first and has no condition, so the put needs none
        assertTrue(put.path("ConditionExpression").isMissingNode());
    }

    @Test
    void holdsAtMostOneHundredOperations() {
        startStore(Map.of());
        assertEquals(100, store.maxOperations());

        List<StateOperation> hundred = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hundred.add(set("app||k" + i, Integer.toString(i)));
        }
        Dynalite.await(store.multi(hundred, Map.of()));
        assertEquals(100, onlyTransaction().size());

        List<StateOperation> tooMany = new ArrayList<>(hundred);
        tooMany.add(set("app||k100", "100"));
        assertThrows(IllegalArgumentException.class, () -> Dynalite.await(store.multi(tooMany, Map.of())));
        assertEquals(1, server.requests(TRANSACT).size(), "nothing sent for 101 operations");
    }

    @Test
    void anEmptyTransactionSendsNothing() {
        startStore(Map.of());
        Dynalite.await(store.multi(List.of(), Map.of()));
        assertTrue(server.requests(TRANSACT).isEmpty());
    }

    @Test
    void aFailedConditionIsAnEtagMismatchNamingItsKey() {
        startStore(Map.of());
        server.answer(TRANSACT, 400, """
                {"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
                 "Message":"Transaction cancelled, please refer cancellation reasons for specific reasons \
                 [None, ConditionalCheckFailed]",
                 "CancellationReasons":[{"Code":"None"},
                   {"Code":"ConditionalCheckFailed","Message":"The conditional request failed"}]}
                """);
        ETagMismatchException e = assertThrows(ETagMismatchException.class, () -> Dynalite.await(store.multi(
                List.of(set("app||a", "1"), set("app||a", "2"), set("app||b", "3", "e9", Concurrency.UNSPECIFIED)),
                Map.of())));
        // app||a's two sets are one action, so the second action is app||b
        assertTrue(e.getMessage().contains("app||b"), e.getMessage());
    }

    @Test
    void otherCancellationsAreNotEtagErrors() {
        startStore(Map.of());
        server.answer(TRANSACT, 400, """
                {"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
                 "Message":"Transaction cancelled, please refer cancellation reasons for specific reasons \
                 [TransactionConflict]",
                 "CancellationReasons":[{"Code":"TransactionConflict","Message":"Transaction is ongoing"}]}
                """);
        Throwable failure = assertThrows(Throwable.class,
                () -> Dynalite.await(store.multi(List.of(set("app||a", "1")), Map.of())));
        assertInstanceOf(TransactionCanceledException.class, failure);
        assertFalse(failure instanceof ETagMismatchException);
    }

    @Test
    void expiryIsCountedFromTheComponentClock() {
        startStore(Map.of("ttlAttributeName", "ttl"));
        clock.advance(Duration.ofHours(1));
        Dynalite.await(store.multi(List.of(new SetRequest("app||k", "1".getBytes(StandardCharsets.UTF_8), null,
                Map.of("ttlInSeconds", "5"), StateOptions.DEFAULT)), Map.of()));
        assertEquals(Long.toString(START.getEpochSecond() + 3600 + 5),
                onlyTransaction().get(0).path("Put").path("Item").path("ttl").path("N").asText());
    }
}
