package io.quapr.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;

/**
 * Makes the DynamoDB table a {@code state.aws.dynamodb} component needs, as an operator makes it
 * for daprd (the store creates no table), with raw calls to moto's DynamoDB ({@link MotoApi}).
 */
final class DynamoDbTables {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DynamoDbTables() {
    }

    /**
     * Creates {@code table} with a string hash key {@code partitionKey} unless it exists, and waits
     * until it is ACTIVE.
     */
    static void ensureTable(String endpoint, String region, String table, String partitionKey) {
        JsonNode described = call(endpoint, region, "DescribeTable", JSON.createObjectNode().put("TableName", table));
        if (described.has("__type")) {
            if (!described.path("__type").asText().endsWith("ResourceNotFoundException")) {
                throw new IllegalStateException("DescribeTable " + table + " failed: " + described);
            }
            var create = JSON.createObjectNode().put("TableName", table).put("BillingMode", "PAY_PER_REQUEST");
            create.putArray("AttributeDefinitions").addObject().put("AttributeName", partitionKey)
                    .put("AttributeType", "S");
            create.putArray("KeySchema").addObject().put("AttributeName", partitionKey).put("KeyType", "HASH");
            JsonNode created = call(endpoint, region, "CreateTable", create);
            if (created.has("__type") && !created.path("__type").asText().endsWith("ResourceInUseException")) {
                throw new IllegalStateException("CreateTable " + table + " failed: " + created);
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode d = call(endpoint, region, "DescribeTable", JSON.createObjectNode().put("TableName", table));
            if ("ACTIVE".equals(d.path("Table").path("TableStatus").asText())) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("table " + table + " did not become ACTIVE within 20 s");
    }

    private static JsonNode call(String endpoint, String region, String action, JsonNode body) {
        return MotoApi.call(endpoint, region, "dynamodb", "DynamoDB_20120810." + action, body);
    }
}
