package io.quapr.components.pubsub.aws.snssqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * What travels through SNS and SQS for one message, both ways.
 *
 * <p>
 * Publishing: the SNS message is the data as text, as daprd sends it, so daprd subscribers read
 * what Quapr publishes. Two things daprd drops travel as SNS message attributes, which SNS puts
 * into the notification: the content type ({@value #CONTENT_TYPE}), and, for data SNS cannot
 * carry as text (not UTF-8, or holding characters SQS refuses, such as NUL), the mark
 * {@value #ENCODING}{@code =base64} with the data in base64 as the message. daprd subscribers see
 * such a message as base64 text; daprd itself could not publish it at all.
 *
 * <p>
 * Receiving: the SQS message body is SNS's notification JSON (subscriptions without raw message
 * delivery, as daprd makes them). As in daprd, {@code Message} is the data and the last part of
 * {@code TopicArn} the (sanitised) topic; {@code MessageAttributes} may carry the two attributes
 * above.
 */
final class SnsMessages {

    /** The SNS message attribute holding the publisher's content type. */
    static final String CONTENT_TYPE = "quapr.content-type";

    /** The SNS message attribute saying how the message encodes the data: {@code base64}. */
    static final String ENCODING = "quapr.data-encoding";

    private static final String BASE64 = "base64";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SnsMessages() {
    }

    /** An SNS message and its attributes. */
    record Outgoing(String message, Map<String, MessageAttributeValue> attributes) {
    }

    /** One notification taken apart. */
    record Incoming(String topicName, byte[] data, String contentType) {
    }

    /** The SNS message for {@code data}, with the attributes that carry what daprd drops. */
    static Outgoing encode(byte[] data, String contentType) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        if (contentType != null && !contentType.isEmpty()) {
            attributes.put(CONTENT_TYPE, string(contentType));
        }
        String text = asText(data);
        if (text == null) {
            attributes.put(ENCODING, string(BASE64));
            text = Base64.getEncoder().encodeToString(data);
        }
        return new Outgoing(text, Map.copyOf(attributes));
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    /**
     * The data as text when SNS and SQS can carry it unchanged: valid UTF-8 made only of the
     * characters SQS accepts (tab, line feed, carriage return, and U+0020 upwards except
     * surrogates, U+FFFE and U+FFFF); else {@code null}.
     */
    static String asText(byte[] data) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < text.length();) {
            int c = text.codePointAt(i);
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF
                    || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000;
            if (!allowed) {
                return null;
            }
            i += Character.charCount(c);
        }
        return text;
    }

    /**
     * Takes an SQS message body apart.
     *
     * @throws IllegalArgumentException when it is not an SNS notification with a
     *         {@code Message} and a {@code TopicArn}
     */
    static Incoming decode(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the SQS message is not an SNS notification (not JSON)", e);
        }
        JsonNode message = root == null ? null : root.get("Message");
        JsonNode topicArn = root == null ? null : root.get("TopicArn");
        if (message == null || !message.isTextual() || topicArn == null || !topicArn.isTextual()) {
            throw new IllegalArgumentException("the SQS message is not an SNS notification (no Message or TopicArn)");
        }
        JsonNode attributes = root.path("MessageAttributes");
        String contentType = attribute(attributes, CONTENT_TYPE);
        byte[] data;
        if (BASE64.equals(attribute(attributes, ENCODING))) {
            try {
                data = Base64.getDecoder().decode(message.textValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the SNS message is marked base64 but is not", e);
            }
        } else {
            data = message.textValue().getBytes(StandardCharsets.UTF_8);
        }
        return new Incoming(AwsNames.lastSegment(topicArn.textValue()), data, contentType);
    }

    /** A string attribute of a notification: {@code {"Type":"String","Value":"..."}}. */
    private static String attribute(JsonNode attributes, String name) {
        JsonNode value = attributes.path(name).path("Value");
        return value.isTextual() ? value.textValue() : null;
    }
}
