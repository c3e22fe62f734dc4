package io.quapr.components.state.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.conformance.MutableClock;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.SetRequest;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * daprd's table layout, on moto: items written with the raw SDK exactly as daprd writes
 * them read back through the store, and items the store writes are what daprd reads.
 */
class DynamoDbLayoutTest {

    private static String table;
    private static String customTable;

    private static final MutableClock clock = MutableClock.startingNow();
    private static Vertx vertx;
    private static DynamoDbAsyncClient raw;
    private static DynamoDbStateStore store;
    private static DynamoDbStateStore customKeyStore;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        raw = DynamoDbTesting.rawClient();
        table = DynamoDbTesting.newTable(raw, "quapr-layout", "key");
        customTable = DynamoDbTesting.newTable(raw, "quapr-layout-custom-key", "ContractID");
        store = DynamoDbTesting.start(vertx, clock,
                DynamoDbTesting.metadata(table, Map.of("ttlAttributeName", "expiresAt")));
        customKeyStore = DynamoDbTesting.start(vertx, clock,
                DynamoDbTesting.metadata(customTable, Map.of("partitionKey", "ContractID")));
    }

    @AfterAll
    static void stop() {
        DynamoDbTesting.await(store.close());
        DynamoDbTesting.await(customKeyStore.close());
        raw.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static void putRaw(String table, Map<String, AttributeValue> item) {
        raw.putItem(b -> b.tableName(table).item(item)).join();
    }

    private static Map<String, AttributeValue> getRaw(String table, String keyAttribute, String key) {
        return raw.getItem(b -> b.tableName(table).key(Map.of(keyAttribute, AttributeValue.fromS(key)))
                .consistentRead(true)).join().item();
    }

    private static GetResponse get(DynamoDbStateStore s, String key) {
        return DynamoDbTesting.await(s.get(GetRequest.of(key)));
    }

    @Test
    void readsAValueDaprdWroteThroughHttp() {
        // daprd's HTTP API re-marshals the JSON value and stores the text as a string
        putRaw(table, Map.of("key", AttributeValue.fromS("app||http"),
                "value", AttributeValue.fromS("{\"color\":\"red\",\"n\":1}"),
                "etag", AttributeValue.fromS("5f3a9c0e12d4b7a1")));

        GetResponse r = get(store, "app||http");
        assertEquals("{\"color\":\"red\",\"n\":1}", new String(r.data(), StandardCharsets.UTF_8));
        assertEquals("5f3a9c0e12d4b7a1", r.etag());
        assertTrue(r.metadata().isEmpty(), "no TTL attribute, no ttlExpireTime");
    }

    @Test
    void readsBytesDaprdWroteThroughGrpc() {
        byte[] bytes = { 0, 1, (byte) 0xfe, (byte) 0xff, 'x' };
        putRaw(table, Map.of("key", AttributeValue.fromS("app||grpc"),
                "value", AttributeValue.fromB(SdkBytes.fromByteArray(bytes)),
                "etag", AttributeValue.fromS("1")));

        GetResponse r = get(store, "app||grpc");
        assertArrayEquals(bytes, r.data());
        assertEquals("1", r.etag());
    }

    @Test
    void readsTheExpiryDaprdWrote() {
        long expiresAt = clock.instant().getEpochSecond() + 120;
        putRaw(table, Map.of("key", AttributeValue.fromS("app||ttl"),
                "value", AttributeValue.fromS("\"v\""),
                "etag", AttributeValue.fromS("abc"),
                "expiresAt", AttributeValue.fromN(Long.toString(expiresAt))));

        assertEquals(Instant.ofEpochSecond(expiresAt).toString(),
                get(store, "app||ttl").metadata().get(GetResponse.TTL_EXPIRE_TIME));
    }

    @Test
    void anItemWithoutValueIsMissingAsInDaprd() {
        putRaw(table, Map.of("key", AttributeValue.fromS("app||novalue"), "etag", AttributeValue.fromS("abc")));
        assertFalse(get(store, "app||novalue").found());
    }

    @Test
    void writesJsonAsAStringWithAHexEtag() {
        DynamoDbTesting
                .await(store.set(SetRequest.of("app||json", "[1, 2, {\"a\": null}]".getBytes(StandardCharsets.UTF_8))));

        Map<String, AttributeValue> item = getRaw(table, "key", "app||json");
        assertEquals(Map.of("key", "S", "value", "S", "etag", "S"), types(item));
        assertEquals("app||json", item.get("key").s());
        assertEquals("[1, 2, {\"a\": null}]", item.get("value").s(), "kept exactly, whitespace too");
        assertTrue(item.get("etag").s().matches("[0-9a-f]{1,16}"), item.get("etag").s());
        assertEquals(item.get("etag").s(), get(store, "app||json").etag());
    }

    @Test
    void writesOtherBytesAsBinary() {
        byte[] notUtf8 = { (byte) 0xc3, 0x28, 0, 7 };
        DynamoDbTesting.await(store.set(SetRequest.of("app||bin", notUtf8)));
        DynamoDbTesting.await(store.set(SetRequest.of("app||text", "plain words".getBytes(StandardCharsets.UTF_8))));

        Map<String, AttributeValue> bin = getRaw(table, "key", "app||bin");
        assertArrayEquals(notUtf8, bin.get("value").b().asByteArray());
        assertArrayEquals(notUtf8, get(store, "app||bin").data());
        // UTF-8 but not JSON: binary too, as daprd stores gRPC bytes without contentType
        assertEquals("plain words", getRaw(table, "key", "app||text").get("value").b().asUtf8String());
    }

    @Test
    void everyWriteHasANewEtag() {
        DynamoDbTesting.await(store.set(SetRequest.of("app||etags", "1".getBytes(StandardCharsets.UTF_8))));
        String first = get(store, "app||etags").etag();
        DynamoDbTesting.await(store.set(SetRequest.of("app||etags", "1".getBytes(StandardCharsets.UTF_8))));
        assertNotEquals(first, get(store, "app||etags").etag());
    }

    @Test
    void usesTheConfiguredPartitionKey() {
        DynamoDbTesting.await(customKeyStore.set(SetRequest.of("app||c-1", "{}".getBytes(StandardCharsets.UTF_8))));

        Map<String, AttributeValue> item = getRaw(customTable, "ContractID", "app||c-1");
        assertEquals(Map.of("ContractID", "S", "value", "S", "etag", "S"), types(item));
        assertNull(item.get("key"));
        assertEquals("{}", new String(get(customKeyStore, "app||c-1").data(), StandardCharsets.UTF_8));
    }

    private static Map<String, String> types(Map<String, AttributeValue> item) {
        Map<String, String> types = new TreeMap<>();
        item.forEach((name, value) -> types.put(name, value.type().toString()));
        return types;
    }
}
