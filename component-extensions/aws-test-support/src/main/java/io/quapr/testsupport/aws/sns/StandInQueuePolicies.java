package io.quapr.testsupport.aws.sns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TEST-ONLY: the SQS queue policies, which ElasticMQ accepts and forgets. {@link SnsStandIn}
 * passes SQS requests to ElasticMQ; on the way it keeps the {@code Policy} attribute of
 * {@code CreateQueue} and {@code SetQueueAttributes} here, adds it to the answers of
 * {@code GetQueueAttributes}, and forgets it on {@code DeleteQueue}, so that SNS's delivery check
 * ({@link StandInDelivery#allows}) sees what the component wrote, as on AWS.
 */
final class StandInQueuePolicies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> byQueue = new ConcurrentHashMap<>();

    /** The policy of the queue named {@code queueName}, or {@code null}. */
    String policy(String queueName) {
        return byQueue.get(queueName);
    }

    /** Notes what an SQS request (JSON protocol) does to policies, before it goes to ElasticMQ. */
    void request(String action, byte[] body) {
        JsonNode json = parse(body);
        if (json == null) {
            return;
        }
        String queue = switch (action) {
            case "CreateQueue" -> json.path("QueueName").asText(null);
            default -> queueName(json.path("QueueUrl").asText(null));
        };
        if (queue == null) {
            return;
        }
        JsonNode policy = json.path("Attributes").path("Policy");
        if (("CreateQueue".equals(action) || "SetQueueAttributes".equals(action)) && policy.isTextual()) {
            byQueue.put(queue, policy.asText());
        } else if ("DeleteQueue".equals(action)) {
            byQueue.remove(queue);
        }
    }

    /** ElasticMQ's answer to an SQS request, with the policy added where it was asked for. */
    byte[] response(String action, byte[] requestBody, int status, byte[] answer) {
        if (!"GetQueueAttributes".equals(action) || status != 200) {
            return answer;
        }
        JsonNode request = parse(requestBody);
        JsonNode response = parse(answer);
        if (request == null || !(response instanceof ObjectNode object)) {
            return answer;
        }
        String policy = byQueue.get(queueName(request.path("QueueUrl").asText("")));
        boolean asked = false;
        for (JsonNode name : request.path("AttributeNames")) {
            asked |= "Policy".equals(name.asText()) || "All".equals(name.asText());
        }
        if (policy == null || !asked) {
            return answer;
        }
        JsonNode attributes = object.get("Attributes");
        ObjectNode target = attributes instanceof ObjectNode o ? o : object.putObject("Attributes");
        target.put("Policy", policy);
        return object.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String queueName(String url) {
        return url == null ? null : url.substring(url.lastIndexOf('/') + 1);
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
