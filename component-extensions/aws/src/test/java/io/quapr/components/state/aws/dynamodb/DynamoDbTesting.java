package io.quapr.components.state.aws.dynamodb;

import io.quapr.components.aws.Moto;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataSchema;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * What the DynamoDB tests share: tables on moto ({@link Moto}), made here as an operator makes
 * them for daprd (the store creates none), and stores on them.
 */
final class DynamoDbTesting {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private DynamoDbTesting() {
    }

    /** A raw SDK client on moto, standing in for daprd or an operator. */
    static DynamoDbAsyncClient rawClient() {
        return Moto.client(DynamoDbAsyncClient.builder());
    }

    /** Makes a new empty table with a string partition key {@code partitionKey}; its name. */
    static String newTable(DynamoDbAsyncClient client, String prefix, String partitionKey) {
        String table = Moto.newName(prefix);
        createTable(client, table, partitionKey);
        return table;
    }

    /**
     * Makes {@code table} with a string partition key {@code partitionKey} unless it exists (a
     * table left by an earlier run holds only keys no later run reads).
     */
    static void ensureTable(DynamoDbAsyncClient client, String table, String partitionKey) {
        try {
            createTable(client, table, partitionKey);
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof ResourceInUseException)) {
                throw e;
            }
        }
    }

    private static void createTable(DynamoDbAsyncClient client, String table, String partitionKey) {
        try {
            client.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName(partitionKey)
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build()))
                    .join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SdkClientException) {
                throw Moto.unreachable(e.getCause());
            }
            throw e;
        }
        client.waiter().waitUntilTableExists(b -> b.tableName(table)).join();
    }

    /** Lets DynamoDB's TTL process delete items past {@code attribute}, as an operator does for daprd. */
    static void enableTtl(DynamoDbAsyncClient client, String table, String attribute) {
        client.updateTimeToLive(b -> b.tableName(table)
                .timeToLiveSpecification(s -> s.enabled(true).attributeName(attribute))).join();
    }

    /** Metadata for a store on moto's {@code table}, plus {@code extra} keys. */
    static Map<String, String> metadata(String table, Map<String, String> extra) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("table", table);
        m.put("endpoint", Moto.ENDPOINT.toString());
        m.put("region", Moto.REGION);
        m.put("accessKey", Moto.ACCESS_KEY);
        m.put("secretKey", Moto.ACCESS_KEY);
        m.putAll(extra);
        return m;
    }

    /** Binds {@code metadata} as the sidecar would. */
    static ComponentMetadata bind(Map<String, String> metadata) {
        return ComponentMetadata.bind("statestore", metadata, MetadataSchema.of(DynamoDbStateStore.class), Set.of())
                .metadata();
    }

    /** A store initialized with {@code metadata}. */
    static DynamoDbStateStore start(Vertx vertx, Clock clock, Map<String, String> metadata) {
        DynamoDbStateStore store = new DynamoDbStateStore();
        await(store.init(bind(metadata), context(vertx, clock)));
        return store;
    }

    static ComponentContext context(Vertx vertx, Clock clock) {
        return new ComponentContext(vertx, clock, "app", "", Path.of("target"));
    }

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }
}
