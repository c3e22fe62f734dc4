package io.quapr.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Raw calls to the AWS JSON APIs of moto on loopback (scripts/services.sh start moto), to set up
 * what an operator would set up for daprd (tables, secrets, parameters) without an AWS SDK on
 * this classpath. moto reads the region and service from a SigV4-shaped {@code Authorization}
 * header but never verifies the signature, so a fixed one does; AWS would refuse it.
 */
final class MotoApi {

    /** Where moto listens (scripts/services.sh's default). */
    static final String ENDPOINT = "http://127.0.0.1:5000";

    /** The region of every e2e resource on moto. */
    static final String REGION = "us-east-1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private MotoApi() {
    }

    /** A new JSON object for a request body. */
    static ObjectNode body() {
        return JSON.createObjectNode();
    }

    /**
     * Calls {@code target} (e.g. {@code DynamoDB_20120810.CreateTable}) of {@code service} (its
     * SigV4 name, e.g. {@code dynamodb}) at {@code endpoint}; the answer, an error's
     * ({@code __type}) included.
     */
    static JsonNode call(String endpoint, String region, String service, String target, JsonNode body) {
        String date = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").format(Instant.now().atZone(ZoneOffset.UTC));
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint))
                .timeout(Duration.ofSeconds(10))
                // DynamoDB speaks version 1.0 of AWS's JSON protocol, Secrets Manager and SSM 1.1
                .header("Content-Type", "dynamodb".equals(service)
                        ? "application/x-amz-json-1.0"
                        : "application/x-amz-json-1.1")
                .header("X-Amz-Target", target)
                .header("X-Amz-Date", date)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=e2e/" + date.substring(0, 8) + "/" + region
                        + "/" + service + "/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target,"
                        + " Signature=0000000000000000000000000000000000000000000000000000000000000000")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofString());
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach moto at " + endpoint
                    + " (start it with scripts/services.sh start moto): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@link #call} on moto's endpoint and region, failing on any error answer. */
    static JsonNode callOrFail(String service, String target, JsonNode body) {
        JsonNode answer = call(ENDPOINT, REGION, service, target, body);
        if (answer.has("__type")) {
            throw new IllegalStateException(target + " failed: " + answer);
        }
        return answer;
    }
}
