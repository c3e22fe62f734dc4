package io.quapr.testsupport.aws.sns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * TEST-ONLY: how {@link StandInTopics} hands one notification to one subscribed SQS queue in
 * ElasticMQ, as SNS does: only if the queue exists and its policy lets the topic send, with the
 * body SNS writes (the notification JSON, or the bare message with raw delivery).
 */
public final class StandInDelivery {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StandInDelivery() {
    }

    /** Sends the notification to the queue named by {@code queueArn}; whether it was delivered. */
    static boolean deliver(SqsAsyncClient sqs, StandInQueuePolicies policies, String queueArn, boolean raw,
            StandInTopics.Notification n) {
        try {
            String name = queueArn.substring(queueArn.lastIndexOf(':') + 1);
            String url = sqs.getQueueUrl(b -> b.queueName(name)).join().queueUrl();
            if (!allows(policies.policy(name), queueArn, n.topicArn())) {
                return false;
            }
            SendMessageRequest.Builder send = SendMessageRequest.builder().queueUrl(url);
            if (raw) {
                send.messageBody(n.message()).messageAttributes(sqsAttributes(n));
            } else {
                send.messageBody(envelope(n));
            }
            if (n.group() != null) {
                send.messageGroupId(n.group()).messageDeduplicationId(n.deduplicationId());
            }
            sqs.sendMessage(send.build()).join();
            return true;
        } catch (CompletionException e) {
            if (e.getCause() instanceof QueueDoesNotExistException) {
                return false;
            }
            throw e;
        }
    }

    /** The JSON SNS writes into the queue for a subscription without raw delivery. */
    public static String envelope(StandInTopics.Notification n) {
        ObjectNode json = JSON.createObjectNode();
        json.put("Type", "Notification");
        json.put("MessageId", n.messageId());
        if (n.sequenceNumber() != null) {
            json.put("SequenceNumber", n.sequenceNumber());
        }
        json.put("TopicArn", n.topicArn());
        if (n.subject() != null) {
            json.put("Subject", n.subject());
        }
        json.put("Message", n.message());
        json.put("Timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        json.put("SignatureVersion", "1");
        json.put("Signature", "TEST-ONLY-STAND-IN-NOT-SIGNED");
        json.put("SigningCertURL", "https://sns." + SnsStandIn.REGION + ".amazonaws.com/stand-in.pem");
        json.put("UnsubscribeURL", "https://sns." + SnsStandIn.REGION
                + ".amazonaws.com/?Action=Unsubscribe&SubscriptionArn=stand-in");
        if (!n.attributes().isEmpty()) {
            ObjectNode attributes = json.putObject("MessageAttributes");
            for (StandInTopics.Attribute a : n.attributes()) {
                // SNS names the type by its base (String, Number, Binary), custom suffixes dropped
                String type = a.type().startsWith("Binary")
                        ? "Binary"
                        : a.type().startsWith("Number")
                                ? "Number"
                                : a.type().startsWith("String.Array")
                                        ? "String.Array"
                                        : "String";
                attributes.putObject(a.name()).put("Type", type).put("Value", a.value());
            }
        }
        return json.toString();
    }

    private static Map<String, MessageAttributeValue> sqsAttributes(StandInTopics.Notification n) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        for (StandInTopics.Attribute a : n.attributes()) {
            MessageAttributeValue.Builder v = MessageAttributeValue.builder().dataType(a.type());
            if (a.type().startsWith("Binary")) {
                v.binaryValue(SdkBytes.fromByteArray(Base64.getDecoder().decode(a.value())));
            } else {
                v.stringValue(a.value());
            }
            attributes.put(a.name(), v.build());
        }
        return attributes;
    }

    /**
     * Whether the queue policy has an Allow statement for SNS ({@code Principal} {@code *} or
     * service {@code sns.amazonaws.com}) to {@code sqs:SendMessage} on the queue, with no condition
     * or an {@code ArnEquals}/{@code ArnLike} {@code aws:SourceArn} matching the topic.
     */
    public static boolean allows(String policy, String queueArn, String topicArn) {
        if (policy == null || policy.isBlank()) {
            return false;
        }
        JsonNode root;
        try {
            root = JSON.readTree(policy);
        } catch (JsonProcessingException e) {
            return false;
        }
        JsonNode statements = root.path("Statement");
        for (JsonNode s : statements.isArray() ? statements : JSON.createArrayNode().add(statements)) {
            JsonNode principal = s.path("Principal");
            boolean forSns = "*".equals(principal.asText())
                    || matchesAny(principal.path("Service"), "sns.amazonaws.com")
                    || matchesAny(principal.path("AWS"), "*");
            if ("Allow".equals(s.path("Effect").asText()) && forSns
                    && (matchesAny(s.path("Action"), "sqs:SendMessage") || matchesAny(s.path("Action"), "sqs:*")
                            || matchesAny(s.path("Action"), "*"))
                    && (matchesAny(s.path("Resource"), queueArn) || matchesAny(s.path("Resource"), "*"))
                    && conditionHolds(s.path("Condition"), topicArn)) {
                return true;
            }
        }
        return false;
    }

    private static boolean conditionHolds(JsonNode condition, String topicArn) {
        if (condition.isMissingNode() || condition.isEmpty()) {
            return true;
        }
        for (String operator : new String[] { "ArnEquals", "ArnLike" }) {
            JsonNode source = condition.path(operator).path("aws:SourceArn");
            if (!source.isMissingNode()) {
                for (JsonNode v : source.isArray() ? source : JSON.createArrayNode().add(source)) {
                    String pattern = v.asText();
                    if (pattern.equals(topicArn) || "ArnLike".equals(operator)
                            && topicArn.matches(pattern.replace(".", "\\.").replace("*", ".*").replace("?", "."))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean matchesAny(JsonNode node, String value) {
        if (node.isArray()) {
            for (JsonNode n : node) {
                if (value.equalsIgnoreCase(n.asText())) {
                    return true;
                }
            }
            return false;
        }
        return node.isTextual() && value.equalsIgnoreCase(node.asText());
    }
}
