package io.quapr.components.state.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Which values are stored as strings (one JSON document) and which as binary. */
class ValueAttributeTest {

    @ParameterizedTest
    @ValueSource(strings = { "{}", "{\"a\":[1,2,{\"b\":null}]}", "\"text\"", "42", "-1.5e3", "true", "null",
            "  [ 1 ,\n 2 ]  ", "\"h\u00e9llo \u4e16\u754c\"" })
    void jsonIsAString(String json) {
        AttributeValue v = ValueAttribute.encode(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(json, v.s());
        assertArrayEquals(json.getBytes(StandardCharsets.UTF_8), ValueAttribute.decode(v));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "plain", "{", "{} {}", "1 2", "'single'", "{a:1}", "NaN", "[1,]", "// x\n1" })
    void otherTextIsBinary(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        AttributeValue v = ValueAttribute.encode(bytes);
        assertNull(v.s());
        assertArrayEquals(bytes, v.b().asByteArray());
        assertArrayEquals(bytes, ValueAttribute.decode(v));
    }

    @Test
    void invalidUtf8IsBinaryEvenIfItLooksLikeJson() {
        // a quoted string holding a lone continuation byte, and an overlong encoding of '/'
        for (byte[] bytes : new byte[][] { { '"', (byte) 0x80, '"' }, { '"', (byte) 0xc0, (byte) 0xaf, '"' } }) {
            AttributeValue v = ValueAttribute.encode(bytes);
            assertNull(v.s());
            assertArrayEquals(bytes, ValueAttribute.decode(v));
        }
    }

    @Test
    void decodesWhatDaprdWritesAndRefusesTheRest() {
        byte[] bytes = { 1, 2 };
        assertArrayEquals(bytes, ValueAttribute.decode(AttributeValue.fromB(SdkBytes.fromByteArray(bytes))));
        assertNull(ValueAttribute.decode(null));
        assertThrows(IllegalStateException.class, () -> ValueAttribute.decode(AttributeValue.fromN("1")));
    }
}
