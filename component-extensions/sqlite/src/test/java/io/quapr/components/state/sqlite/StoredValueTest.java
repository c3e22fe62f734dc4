package io.quapr.components.state.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JSON documents are stored as text, everything else as base64; both come back byte for byte. */
class StoredValueTest {

    @ParameterizedTest
    @ValueSource(strings = { "{\"a\":1}", "\"hello\"", "42", "-1.5e3", "true", "null", "[1, 2, {\"x\": []}]",
            "  {\"spaced\" : true}\n", "\"caf\u00e9 \ud83d\ude00\"", "{\"b\":1,\"a\":2}" })
    void jsonDocumentsAreStoredAsTheirText(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        StoredValue v = StoredValue.encode(bytes);
        assertFalse(v.binary(), json);
        assertEquals(json, v.text());
        assertArrayEquals(bytes, StoredValue.decode(v.text().getBytes(StandardCharsets.UTF_8), false));
    }

    @ParameterizedTest
    @ValueSource(strings = { "hello", "", "1 2", "{\"a\":1} trailing", "{'single':1}", "[1,]", "NaN", "// c\n1",
            "{\"a\":1}{\"b\":2}" })
    void textThatIsNotOneJsonDocumentIsStoredAsBase64(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StoredValue v = StoredValue.encode(bytes);
        assertTrue(v.binary(), s);
        assertArrayEquals(bytes, StoredValue.decode(v.text().getBytes(StandardCharsets.UTF_8), true));
    }

    @Test
    void invalidUtf8IsBinaryEvenWhenItLooksLikeJson() {
        byte[] bytes = { '"', (byte) 0xC3, (byte) 0x28, '"' };
        StoredValue v = StoredValue.encode(bytes);
        assertTrue(v.binary());
        assertArrayEquals(bytes, StoredValue.decode(v.text().getBytes(StandardCharsets.UTF_8), true));
    }

    @Test
    void utf16JsonIsBinarySoItsBytesSurvive() {
        byte[] bytes = "{\"a\":1}".getBytes(StandardCharsets.UTF_16);
        StoredValue v = StoredValue.encode(bytes);
        assertTrue(v.binary());
        assertArrayEquals(bytes, StoredValue.decode(v.text().getBytes(StandardCharsets.UTF_8), true));
    }

    @Test
    void everyByteValueSurvives() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        StoredValue v = StoredValue.encode(bytes);
        assertArrayEquals(bytes, StoredValue.decode(v.text().getBytes(StandardCharsets.US_ASCII), v.binary()));
    }

    @Test
    void aBinaryRowThatIsNotBase64IsReported() {
        assertThrows(IllegalStateException.class, () -> StoredValue.decode("not base64!".getBytes(), true));
    }
}
