package io.quapr.components.pubsub.aws.snssqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The SQS queue policy that lets an SNS topic send to the queue, as daprd writes it: one
 * statement per topic allowing {@code sns.amazonaws.com} {@code sqs:SendMessage} on the queue
 * with {@code ArnEquals aws:SourceArn} the topic. Without it SNS drops every notification for the
 * queue. Statements already there, written by daprd, Quapr or an operator, are kept as they are.
 */
final class QueuePolicy {

    private static final ObjectMapper JSON = new ObjectMapper();

    private QueuePolicy() {
    }

    /**
     * The policy with a statement for {@code topicArn} added, or empty when it has one already.
     *
     * @param current the queue's {@code Policy} attribute, or {@code null} when it has none
     * @throws IllegalArgumentException when {@code current} is not a JSON object
     */
    static Optional<String> allowing(String current, String queueArn, String topicArn) {
        ObjectNode policy = parse(current);
        ArrayNode statements = statements(policy);
        for (JsonNode s : statements) {
            if (queueArn.equals(s.path("Resource").asText(null))
                    && topicArn.equals(s.path("Condition").path("ArnEquals").path("aws:SourceArn").asText(null))) {
                return Optional.empty();
            }
        }
        ObjectNode statement = statements.addObject();
        statement.put("Effect", "Allow");
        statement.putObject("Principal").put("Service", "sns.amazonaws.com");
        statement.put("Action", "sqs:SendMessage");
        statement.put("Resource", queueArn);
        statement.putObject("Condition").putObject("ArnEquals").put("aws:SourceArn", topicArn);
        return Optional.of(policy.toString());
    }

    private static ObjectNode parse(String current) {
        if (current == null || current.isBlank()) {
            ObjectNode fresh = JSON.createObjectNode();
            fresh.put("Version", "2012-10-17");
            return fresh;
        }
        try {
            JsonNode parsed = JSON.readTree(current);
            if (parsed instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the queue's policy is not JSON: " + e.getOriginalMessage(), e);
        }
        throw new IllegalArgumentException("the queue's policy is not a JSON object");
    }

    /** The statement array, made one when missing or a single statement object (IAM allows both). */
    private static ArrayNode statements(ObjectNode policy) {
        JsonNode existing = policy.get("Statement");
        if (existing instanceof ArrayNode array) {
            return array;
        }
        ArrayNode array = JSON.createArrayNode();
        if (existing != null && existing.isObject()) {
            array.add(existing);
        }
        policy.set("Statement", array);
        return array;
    }
}
