package io.quapr.sidecar.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;

/**
 * JSON read the way Go's {@code encoding/json} reads it in daprd: UTF-8 only (a byte-order mark or
 * a UTF-16/32 body is not JSON to it, where Jackson would detect the encoding and accept it), and
 * exactly one value: anything after it but white space is an error, never silently dropped.
 */
public final class StrictJson {

    private StrictJson() {
    }

    /**
     * Whether the bytes can be UTF-8 JSON at all: no byte-order mark and no NUL among the first
     * bytes (which is how UTF-16 and UTF-32 text looks).
     */
    public static boolean maybeUtf8Json(byte[] data) {
        if (data.length >= 2 && ((data[0] & 0xff) == 0xfe && (data[1] & 0xff) == 0xff
                || (data[0] & 0xff) == 0xff && (data[1] & 0xff) == 0xfe)) {
            return false;
        }
        if (data.length >= 3 && (data[0] & 0xff) == 0xef && (data[1] & 0xff) == 0xbb && (data[2] & 0xff) == 0xbf) {
            return false;
        }
        for (int i = 0; i < Math.min(4, data.length); i++) {
            if (data[i] == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads exactly one JSON value from UTF-8 bytes.
     *
     * @return the value, or null when the bytes are empty or only white space
     * @throws JsonProcessingException with Go's wording for a body that is not one UTF-8 JSON value
     */
    public static JsonNode readTree(ObjectReader reader, byte[] data) throws IOException {
        if (!maybeUtf8Json(data)) {
            throw new StrictJsonException("invalid character '" + (char) (data[0] & 0xff)
                    + "' looking for beginning of value");
        }
        try (JsonParser p = reader.createParser(data)) {
            if (p.nextToken() == null) {
                return null;
            }
            JsonNode node = reader.readTree(p);
            JsonToken after = p.nextToken();
            if (after != null) {
                throw new StrictJsonException("invalid character after top-level value");
            }
            return node;
        }
    }

    /** A body that is JSON to Jackson but not to daprd. */
    public static final class StrictJsonException extends JsonProcessingException {

        private static final long serialVersionUID = 1L;

        StrictJsonException(String message) {
            super(message);
        }
    }
}
