package io.quapr.components.state.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.conformance.MutableClock;
import io.quapr.spi.state.Concurrency;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.InvalidTtlException;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateFeature;
import io.quapr.spi.state.StateOptions;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * TTL on moto, on a table whose TTL setting names the store's attribute, as an operator sets it
 * up: what the store writes, and that reads and conditional writes treat an item past its expiry
 * as gone. The expiry is counted from the component clock, which the tests move (nothing sleeps),
 * so DynamoDB's TTL process, which deletes items some time after they expire by the wall clock
 * (moto never does), plays no part.
 */
class DynamoDbTtlTest {

    private static final String TTL = "expiresAt";

    private static final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00.750Z"));
    private static String table;
    private static Vertx vertx;
    private static DynamoDbAsyncClient raw;
    private static DynamoDbStateStore store;
    private static DynamoDbStateStore storeWithoutTtl;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        raw = DynamoDbTesting.rawClient();
        table = DynamoDbTesting.newTable(raw, "quapr-ttl", "key");
        DynamoDbTesting.enableTtl(raw, table, TTL);
        store = DynamoDbTesting.start(vertx, clock, DynamoDbTesting.metadata(table, Map.of("ttlAttributeName", TTL)));
        storeWithoutTtl = DynamoDbTesting.start(vertx, clock, DynamoDbTesting.metadata(table, Map.of()));
    }

    @AfterAll
    static void stop() {
        DynamoDbTesting.await(store.close());
        DynamoDbTesting.await(storeWithoutTtl.close());
        raw.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static String newKey() {
        return "app||" + UUID.randomUUID();
    }

    private static SetRequest setWithTtl(String key, String value, String ttl) {
        return new SetRequest(key, value.getBytes(StandardCharsets.UTF_8), null, Map.of("ttlInSeconds", ttl),
                StateOptions.DEFAULT);
    }

    private static Map<String, AttributeValue> rawItem(String key) {
        return raw.getItem(b -> b.tableName(table).key(Map.of("key", AttributeValue.fromS(key))).consistentRead(true))
                .join().item();
    }

    private static GetResponse get(String key) {
        return DynamoDbTesting.await(store.get(GetRequest.of(key)));
    }

    @Test
    void writesTheExpiryInEpochSecondsAndReportsIt() {
        String key = newKey();
        long now = clock.instant().getEpochSecond();
        DynamoDbTesting.await(store.set(setWithTtl(key, "1", "30")));

        AttributeValue expiry = rawItem(key).get(TTL);
        assertEquals(Long.toString(now + 30), expiry.n());
        assertEquals(Instant.ofEpochSecond(now + 30).toString(), get(key).metadata().get(GetResponse.TTL_EXPIRE_TIME));
        assertTrue(get(key).metadata().get(GetResponse.TTL_EXPIRE_TIME).endsWith("Z"));
    }

    @Test
    void anItemPastItsExpiryIsMissingThoughStillStored() {
        String key = newKey();
        DynamoDbTesting.await(store.set(setWithTtl(key, "1", "2")));
        clock.advance(Duration.ofSeconds(1));
        assertTrue(get(key).found());

        clock.advance(Duration.ofSeconds(1));
        assertFalse(get(key).found());
        assertFalse(rawItem(key).isEmpty(), "the table, like DynamoDB until its TTL process runs, still holds it");
    }

    @Test
    void minusOneMeansNoExpiryAndReplacesAnEarlierOne() {
        String key = newKey();
        DynamoDbTesting.await(store.set(setWithTtl(key, "1", "5")));
        DynamoDbTesting.await(store.set(setWithTtl(key, "2", "-1")));

        assertNull(rawItem(key).get(TTL));
        assertFalse(get(key).metadata().containsKey(GetResponse.TTL_EXPIRE_TIME));
        clock.advance(Duration.ofSeconds(10));
        assertTrue(get(key).found());
    }

    @Test
    void aWriteWithoutTtlDropsTheEarlierExpiry() {
        String key = newKey();
        DynamoDbTesting.await(store.set(setWithTtl(key, "1", "5")));
        DynamoDbTesting.await(store.set(SetRequest.of(key, "2".getBytes(StandardCharsets.UTF_8))));
        assertNull(rawItem(key).get(TTL));
    }

    @Test
    void firstWriteReplacesAnExpiredItem() {
        String key = newKey();
        DynamoDbTesting.await(store.set(setWithTtl(key, "old", "1")));
        clock.advance(Duration.ofSeconds(1));

        DynamoDbTesting.await(store.set(new SetRequest(key, "new".getBytes(StandardCharsets.UTF_8), null, Map.of(),
                new StateOptions(Concurrency.FIRST_WRITE, Consistency.UNSPECIFIED))));
        assertEquals("new", new String(get(key).data(), StandardCharsets.UTF_8));
    }

    @Test
    void theEtagOfAnExpiredItemNoLongerMatches() {
        String key = newKey();
        DynamoDbTesting.await(store.set(setWithTtl(key, "old", "1")));
        String etag = get(key).etag();
        clock.advance(Duration.ofSeconds(1));

        assertThrows(ETagMismatchException.class, () -> DynamoDbTesting.await(store.set(
                new SetRequest(key, "new".getBytes(StandardCharsets.UTF_8), etag, Map.of(), StateOptions.DEFAULT))));
        assertThrows(ETagMismatchException.class,
                () -> DynamoDbTesting
                        .await(store.delete(new DeleteRequest(key, etag, Map.of(), StateOptions.DEFAULT))));
    }

    @Test
    void theEtagOfALiveItemWithExpiryStillMatches() {
        String key = newKey();
        DynamoDbTesting.await(store.set(setWithTtl(key, "old", "60")));
        String etag = get(key).etag();
        DynamoDbTesting.await(store.set(
                new SetRequest(key, "new".getBytes(StandardCharsets.UTF_8), etag, Map.of(), StateOptions.DEFAULT)));
        assertEquals("new", new String(get(key).data(), StandardCharsets.UTF_8));
    }

    @Test
    void aNonNumberExpiryNeverExpiresAsInDynamoDb() {
        String key = newKey();
        raw.putItem(b -> b.tableName(table).item(Map.of("key", AttributeValue.fromS(key),
                "value", AttributeValue.fromS("1"), "etag", AttributeValue.fromS("e1"),
                TTL, AttributeValue.fromS("yesterday")))).join();

        assertTrue(get(key).found());
        assertTrue(get(key).metadata().isEmpty());
        // A write with its ETag holds there too: DynamoDB takes "NOT expiresAt <= :now" as true for
        // a string. moto 5.2.1 fails that comparison with a 500 instead, so it is not tried here.
    }

    @Test
    void aTtlThatIsNotANumberIsRefused() {
        assertThrows(InvalidTtlException.class,
                () -> DynamoDbTesting.await(store.set(setWithTtl(newKey(), "1", "soon"))));
        assertThrows(IllegalArgumentException.class,
                () -> DynamoDbTesting.await(store.set(setWithTtl(newKey(), "1", "-2"))));
    }

    @Test
    void withoutTtlAttributeNameATtlIsRefusedButMinusOneIsFine() {
        assertEquals(Set.of(StateFeature.ETAG, StateFeature.TRANSACTIONAL, StateFeature.TTL),
                storeWithoutTtl.features());

        String key = newKey();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DynamoDbTesting.await(storeWithoutTtl.set(setWithTtl(key, "1", "1"))));
        assertTrue(e.getMessage().contains("ttlAttributeName"), e.getMessage());
        assertTrue(rawItem(key).isEmpty());

        DynamoDbTesting.await(storeWithoutTtl.set(setWithTtl(key, "1", "-1")));
        assertEquals(Set.of("key", "value", "etag"), rawItem(key).keySet());
    }
}
