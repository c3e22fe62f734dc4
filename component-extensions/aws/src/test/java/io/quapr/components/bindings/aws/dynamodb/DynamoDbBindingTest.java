package io.quapr.components.bindings.aws.dynamodb;

import static io.quapr.components.aws.MotoComponents.await;
import static io.quapr.components.bindings.aws.BindingTesting.invoke;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quapr.components.aws.Moto;
import io.quapr.components.aws.MotoComponents;
import io.quapr.components.bindings.aws.BindingFixtures;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * bindings.aws.dynamodb on moto: {@code create} really writes the item, each JSON value as the
 * attribute type daprd's Go SDK makes of it, and replaces an item with the same key.
 */
class DynamoDbBindingTest {

    private static Vertx vertx;
    private static DynamoDbAsyncClient raw;
    private static String table;
    private static DynamoDbBinding binding;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        raw = Moto.client(DynamoDbAsyncClient.builder());
        table = Moto.newName("quapr-dynamodb-binding");
        BindingFixtures.table(table);
        binding = MotoComponents.start(new DynamoDbBinding(), vertx, MotoComponents.metadata(Map.of("table", table)));
    }

    @AfterAll
    static void stop() {
        await(binding.close());
        raw.deleteTable(b -> b.tableName(table)).join();
        raw.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void createWritesTheItemWithDaprdsAttributeTypes() {
        String id = UUID.randomUUID().toString();
        assertNull(invoke(binding, "create", "{\"id\":\"" + id + "\",\"count\":12345678901234567890,\"price\":9.5,"
                + "\"paid\":true,\"note\":null,\"tags\":[\"a\",1],\"address\":{\"city\":\"Oslo\"}}", Map.of()));
        Map<String, AttributeValue> item = get(id);
        assertEquals(AttributeValue.fromS(id), item.get("id"));
        assertEquals(AttributeValue.fromN("12345678901234567890"), item.get("count"));
        assertEquals(AttributeValue.fromN("9.5"), item.get("price"));
        assertEquals(AttributeValue.fromBool(true), item.get("paid"));
        assertEquals(AttributeValue.fromNul(true), item.get("note"));
        assertEquals(AttributeValue.fromL(List.of(AttributeValue.fromS("a"), AttributeValue.fromN("1"))),
                item.get("tags"));
        assertEquals(AttributeValue.fromM(Map.of("city", AttributeValue.fromS("Oslo"))), item.get("address"));
    }

    @Test
    void createReplacesTheItemWithTheSameKey() {
        String id = UUID.randomUUID().toString();
        invoke(binding, "create", "{\"id\":\"" + id + "\",\"v\":1,\"old\":\"x\"}", Map.of());
        invoke(binding, "create", "{\"id\":\"" + id + "\",\"v\":2}", Map.of());
        assertEquals(Map.of("id", AttributeValue.fromS(id), "v", AttributeValue.fromN("2")), get(id));
    }

    @Test
    void dataThatIsNotAJsonObjectIsABadRequest() {
        assertThrows(IllegalArgumentException.class, () -> invoke(binding, "create", "[1]", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> invoke(binding, "create", "{", Map.of()));
    }

    @Test
    void anItemWithoutTheTableKeyFailsAtDynamoDb() {
        assertThrows(RuntimeException.class, () -> invoke(binding, "create", "{\"other\":1}", Map.of()));
    }

    private static Map<String, AttributeValue> get(String id) {
        return raw.getItem(b -> b.tableName(table).key(Map.of(BindingFixtures.TABLE_KEY, AttributeValue.fromS(id)))
                .consistentRead(true)).join().item();
    }
}
