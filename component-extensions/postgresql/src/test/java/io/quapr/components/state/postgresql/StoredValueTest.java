package io.quapr.components.state.postgresql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values declared JSON go to jsonb as they are; anything else as daprd's base64 JSON string. */
class StoredValueTest {

    private static final Map<String, String> JSON = Map.of("contentType", "application/json");

    private static StoredValue encode(String text, Map<String, String> md) {
        return StoredValue.encode(text.getBytes(StandardCharsets.UTF_8), md);
    }

    @Test
    void declaredJsonIsStoredAsJson() {
        for (String json : new String[] { "{\"a\":1}", "[1,2]", "\"hi\"", "42", "-1.5e3", "true", "null",
                " {\"nested\": {\"x\": [\"\\u00e9\"]}} " }) {
            StoredValue v = encode(json, JSON);
            assertFalse(v.binary(), json);
            assertEquals(json, v.json());
        }
        assertFalse(encode("{\"a\":1}", Map.of("contentType", "application/json; charset=utf-8")).binary());
        assertFalse(encode("{\"a\":1}", Map.of("ContentType", "application/cloudevents+json")).binary());
    }

    @Test
    void otherBytesAreBase64InAJsonString() {
        StoredValue v = encode("hello world", Map.of());
        assertTrue(v.binary());
        assertEquals("\"aGVsbG8gd29ybGQ=\"", v.json());
        assertTrue(StoredValue.encode(new byte[0], Map.of()).binary());
        assertEquals("\"\"", StoredValue.encode(new byte[0], Map.of()).json());
    }

    @Test
    void withoutAJsonContentTypeJsonLookingBytesStayOpaque() {
        // daprd's gRPC rule: bytes are JSON only when the request says so; binary keeps them exact
        assertTrue(encode("{\"a\":1}", Map.of()).binary());
        assertEquals("\"eyJhIjoxfQ==\"", encode("{\"a\":1}", Map.of()).json());
        assertTrue(encode("{\"a\":1}", Map.of("contentType", "application/octet-stream")).binary());
        assertTrue(encode("42", Map.of("contentType", "text/plain")).binary());
    }

    @Test
    void declaredJsonThatJsonbRefusesIsStoredAsBinary() {
        assertTrue(encode("\"a\\u0000b\"", JSON).binary(), "NUL escape");
        assertTrue(encode("\"\\ud800\"", JSON).binary(), "lone surrogate");
        assertTrue(encode("{\"a\":1} {\"b\":2}", JSON).binary(), "two documents");
        assertTrue(encode("{'a':1}", JSON).binary(), "not JSON");
        assertTrue(encode("NaN", JSON).binary());
        assertTrue(encode("1e200000", JSON).binary(), "beyond numeric");
        assertTrue(encode("\uFEFF{}", JSON).binary(), "byte order mark");
        assertTrue(StoredValue.encode(new byte[] { '"', (byte) 0xC3, '"' }, JSON).binary(), "bad UTF-8");
    }

    @Test
    void decodeReversesEncode() {
        byte[] raw = { 0, 1, 2, (byte) 0xFF, 'x' };
        StoredValue v = StoredValue.encode(raw, Map.of());
        assertArrayEquals(raw, StoredValue.decode(v.json(), v.binary()));
        assertArrayEquals("{\"a\": 1}".getBytes(StandardCharsets.UTF_8), StoredValue.decode("{\"a\": 1}", false));
        // another writer may escape the slash; it is still the same base64
        assertArrayEquals(new byte[] { (byte) 0xFF, (byte) 0xFF }, StoredValue.decode("\"\\/\\/8=\"", true));
        assertThrows(IllegalStateException.class, () -> StoredValue.decode("{\"a\": 1}", true));
        assertThrows(IllegalStateException.class, () -> StoredValue.decode("\"not base64!\"", true));
    }
}
