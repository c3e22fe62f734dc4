package io.quapr.components.pubsub.aws.snssqs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Text goes through SNS as daprd sends it; the content type and data SNS cannot carry as text
 * ride on message attributes, which come back in the notification.
 */
class SnsMessagesTest {

    private static final String ARN = "arn:aws:sns:us-east-1:000000000000:orders";

    /**
     * The notification SNS writes to a queue for an encoded message (non-raw delivery): the
     * message and each attribute's type and value. SnsSqsTopologyTest reads the ones moto writes.
     */
    private static String notification(SnsMessages.Outgoing out) {
        ObjectNode n = new ObjectMapper().createObjectNode().put("Type", "Notification").put("MessageId", "id-1")
                .put("TopicArn", ARN).put("Message", out.message()).put("Timestamp", "2026-11-26T10:00:00.000Z");
        ObjectNode attributes = n.putObject("MessageAttributes");
        out.attributes().forEach((name, value) -> attributes.putObject(name).put("Type", value.dataType())
                .put("Value", value.stringValue()));
        return n.toString();
    }

    @Test
    void textTravelsAsItselfWithItsContentType() {
        byte[] data = "{\"data\":\"ünïcode ✓ 😀\"}\r\n\t".getBytes(StandardCharsets.UTF_8);
        SnsMessages.Outgoing out = SnsMessages.encode(data, "application/cloudevents+json");
        assertEquals(new String(data, StandardCharsets.UTF_8), out.message());
        assertFalse(out.attributes().containsKey(SnsMessages.ENCODING));
        SnsMessages.Incoming in = SnsMessages.decode(notification(out));
        assertArrayEquals(data, in.data());
        assertEquals("application/cloudevents+json", in.contentType());
        assertEquals("orders", in.topicName());
    }

    @Test
    void bytesSqsCannotCarryTravelAsBase64() {
        byte[] invalidUtf8 = { 0x00, 0x01, (byte) 0xff, (byte) 0xc3, 0x28 };
        byte[] nul = "a\u0000b".getBytes(StandardCharsets.UTF_8);
        byte[] nonCharacter = "\uFFFE".getBytes(StandardCharsets.UTF_8);
        for (byte[] data : List.of(invalidUtf8, nul, nonCharacter)) {
            SnsMessages.Outgoing out = SnsMessages.encode(data, null);
            assertEquals("base64", out.attributes().get(SnsMessages.ENCODING).stringValue());
            assertFalse(out.attributes().containsKey(SnsMessages.CONTENT_TYPE));
            SnsMessages.Incoming in = SnsMessages.decode(notification(out));
            assertArrayEquals(data, in.data());
            assertNull(in.contentType());
        }
    }

    @Test
    void aNotificationFromDaprdHasNoAttributes() {
        SnsMessages.Incoming in = SnsMessages.decode(
                "{\"Type\":\"Notification\",\"TopicArn\":\"" + ARN + "\",\"Message\":\"hello\"}");
        assertEquals("hello", new String(in.data(), StandardCharsets.UTF_8));
        assertNull(in.contentType());
    }

    @Test
    void aBodyThatIsNotANotificationIsRefused() {
        for (String body : List.of("hello", "{}", "[1]", "{\"Message\":\"m\"}", "{\"TopicArn\":\"" + ARN + "\"}",
                "{\"Message\":{\"a\":1},\"TopicArn\":\"" + ARN + "\"}")) {
            assertThrows(IllegalArgumentException.class, () -> SnsMessages.decode(body), body);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SnsMessages.decode(
                "{\"Message\":\"not base64!\",\"TopicArn\":\"" + ARN + "\",\"MessageAttributes\":{\""
                        + SnsMessages.ENCODING + "\":{\"Type\":\"String\",\"Value\":\"base64\"}}}"));
        assertTrue(e.getMessage().contains("base64"), e.getMessage());
    }
}
