package io.quapr.components.state.aws.dynamodb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The {@code value} attribute as daprd writes it: a string holding the JSON text when the value
 * is JSON (daprd's HTTP API, and gRPC with {@code contentType: application/json}), binary
 * otherwise (gRPC bytes). daprd reads either back as the same bytes, and so does this store.
 *
 * <p>
 * The store cannot see which API a value came through, so it decides by content: bytes that are
 * strict UTF-8 and one well-formed JSON document are stored as a string, anything else as
 * binary. Both keep the bytes exactly; the choice only decides what people see in the table.
 */
final class ValueAttribute {

    private static final JsonFactory JSON = new JsonFactory();

    private ValueAttribute() {
    }

    /** The attribute for {@code value}: S for JSON text, B otherwise. */
    static AttributeValue encode(byte[] value) {
        String json = jsonText(value);
        return json != null ? AttributeValue.fromS(json) : AttributeValue.fromB(SdkBytes.fromByteArray(value));
    }

    /**
     * The stored bytes: a string's UTF-8 bytes, a binary's bytes.
     *
     * @return {@code null} when the item has no {@code value} attribute (daprd reports no data)
     * @throws IllegalStateException for any other attribute type, which daprd never writes
     */
    static byte[] decode(AttributeValue attribute) {
        if (attribute == null) {
            return null;
        }
        if (attribute.s() != null) {
            return attribute.s().getBytes(StandardCharsets.UTF_8);
        }
        if (attribute.b() != null) {
            return attribute.b().asByteArray();
        }
        throw new IllegalStateException("attribute 'value' is of type " + attribute.type()
                + "; daprd stores values as a string (S) or binary (B)");
    }

    /** The text of {@code value} if it is exactly one JSON document in strict UTF-8, else {@code null}. */
    static String jsonText(byte[] value) {
        if (value.length == 0) {
            return null;
        }
        String text;
        try {
            // strict: a lenient decode would replace bad bytes and change the value
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() == null) {
                return null;
            }
            parser.skipChildren();
            // a second root value ("1 2") is not one document
            return parser.nextToken() == null ? text : null;
        } catch (IOException e) {
            return null;
        }
    }
}
