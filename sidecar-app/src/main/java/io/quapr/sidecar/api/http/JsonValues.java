package io.quapr.sidecar.api.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.sidecar.json.RawJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * How the HTTP state API turns values into stored bytes and back, as daprd does: a value is
 * stored as its JSON text ({@code "hello"} keeps its quotes), and stored bytes are embedded
 * in JSON answers as they are when they are JSON.
 */
final class JsonValues {

    private JsonValues() {
    }

    /** The JSON text of a request value; the text {@code null} when the value is absent. */
    static byte[] toBytes(ObjectMapper json, JsonNode value) {
        if (value == null || value.isNull()) {
            return "null".getBytes(StandardCharsets.UTF_8);
        }
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes stored bytes as a JSON value: embedded raw when they are one JSON value, otherwise
     * as a JSON string of their UTF-8 text (daprd would emit them raw and produce invalid JSON).
     */
    static void writeData(ObjectMapper json, JsonGenerator gen, byte[] data) throws IOException {
        if (isJson(json, data)) {
            gen.writeRawValue(new RawJson(data, 0, data.length));
        } else {
            gen.writeString(new String(data, StandardCharsets.UTF_8));
        }
    }

    /** Whether the bytes hold exactly one JSON value. */
    static boolean isJson(ObjectMapper json, byte[] data) {
        if (data.length == 0) {
            return false;
        }
        try (JsonParser p = json.getFactory().createParser(data)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
