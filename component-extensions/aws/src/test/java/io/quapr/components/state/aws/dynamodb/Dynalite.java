package io.quapr.components.state.aws.dynamodb;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataSchema;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The DynamoDB stand-in the tests use: dynalite on 127.0.0.1:4568 (start it as
 * scripts/services.sh does). Tables are made here, as an operator would make them for daprd.
 */
final class Dynalite {

    /** Where dynalite listens. */
    static final String ENDPOINT = "http://127.0.0.1:4568";

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Dynalite() {
    }

    /** A raw SDK client on dynalite, standing in for daprd or an operator. */
    static DynamoDbAsyncClient rawClient(String endpoint, String region, String accessKey, String secretKey) {
        return DynamoDbAsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
    }

    static DynamoDbAsyncClient rawClient() {
        return rawClient(ENDPOINT, "us-east-1", "dynalite", "dynalite");
    }

    /** Drops {@code table} if it exists and creates it empty, with a string partition key. */
    static void recreateTable(DynamoDbAsyncClient client, String table, String partitionKey) {
        try {
            client.deleteTable(b -> b.tableName(table)).join();
            client.waiter().waitUntilTableNotExists(b -> b.tableName(table)).join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof ResourceNotFoundException)) {
                throw new IllegalStateException("cannot reach dynalite at " + ENDPOINT
                        + " (start it as scripts/services.sh does): " + e.getCause(), e.getCause());
            }
        }
        client.createTable(b -> b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName(partitionKey)
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build()))
                .join();
        client.waiter().waitUntilTableExists(b -> b.tableName(table)).join();
    }

    /** Metadata for a store on dynalite's {@code table}, plus {@code extra} keys. */
    static Map<String, String> metadata(String table, Map<String, String> extra) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("table", table);
        m.put("endpoint", ENDPOINT);
        m.put("region", "us-east-1");
        m.put("accessKey", "dynalite");
        m.put("secretKey", "dynalite");
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
