package io.quapr.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Makes the DynamoDB table a {@code state.aws.dynamodb} component needs, as an operator makes it
 * for daprd (the store creates no table). Raw JSON calls to moto's DynamoDB on loopback
 * (scripts/services.sh start moto) instead of an AWS SDK on this classpath. moto reads the
 * region and service from a SigV4-shaped {@code Authorization} header but never verifies the
 * signature, so a fixed one does; a real DynamoDB would refuse it.
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
        String date = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").format(Instant.now().atZone(ZoneOffset.UTC));
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810." + action)
                .header("X-Amz-Date", date)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=e2e/" + date.substring(0, 8) + "/" + region
                        + "/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target,"
                        + " Signature=0000000000000000000000000000000000000000000000000000000000000000")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach moto's DynamoDB at " + endpoint
                    + " (start it with scripts/services.sh start moto): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
