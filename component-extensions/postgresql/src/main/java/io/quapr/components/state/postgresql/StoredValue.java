package io.quapr.components.state.postgresql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quapr.spi.state.SetRequest;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * A value as daprd's v1 table holds it: JSON in the {@code value jsonb} column with
 * {@code isbinary = false}, or any other bytes as a JSON string of their standard (padded)
 * base64 with {@code isbinary = true}.
 *
 * <p>
 * The rule is daprd's for values that arrive as bytes (its gRPC API): a value is stored as JSON
 * only when the request's {@code contentType} says JSON ({@code application/json} or
 * {@code +json}); everything else is stored as binary and so comes back byte for byte. A JSON
 * value is what the query API can see; it comes back in PostgreSQL's rendering (keys sorted,
 * a space after {@code :} and {@code ,}), as daprd returns it. A value declared JSON that jsonb
 * would refuse (not JSON, a NUL character, ...) is kept as binary rather than failing the write.
 *
 * @param json the text for the {@code value} column
 * @param binary the {@code isbinary} column
 */
record StoredValue(String json, boolean binary) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** PostgreSQL's numeric type: at most this many digits before the decimal point... */
    private static final int MAX_INTEGER_DIGITS = 131072;
    /** ...and this many after it. */
    private static final int MAX_FRACTION_DIGITS = 16383;

    /**
     * Chooses the column values for a write.
     *
     * @param value the bytes to store
     * @param requestMetadata the request's metadata, for {@code contentType}
     */
    static StoredValue encode(byte[] value, Map<String, String> requestMetadata) {
        if (declaresJson(requestMetadata)) {
            String text = asJsonText(value);
            if (text != null) {
                return new StoredValue(text, false);
            }
        }
        return new StoredValue("\"" + Base64.getEncoder().encodeToString(value) + "\"", true);
    }

    /**
     * The bytes a row holds.
     *
     * @param json the {@code value} column as text
     * @param binary the {@code isbinary} column
     * @throws IllegalStateException when a binary row does not hold a base64 JSON string
     */
    static byte[] decode(String json, boolean binary) {
        if (!binary) {
            return json.getBytes(StandardCharsets.UTF_8);
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (node != null && node.isTextual()) {
                return Base64.getDecoder().decode(node.textValue());
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalStateException("binary value is not a base64 JSON string");
    }

    /** Whether the request's {@code contentType} (any key case, parameters ignored) is JSON. */
    private static boolean declaresJson(Map<String, String> requestMetadata) {
        for (Map.Entry<String, String> e : requestMetadata.entrySet()) {
            if (e.getKey().equalsIgnoreCase(SetRequest.CONTENT_TYPE) && e.getValue() != null) {
                String mediaType = e.getValue().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
                return mediaType.equals("application/json") || mediaType.endsWith("+json");
            }
        }
        return false;
    }

    /**
     * The value as text when it is one JSON document that PostgreSQL's jsonb takes as it is;
     * {@code null} otherwise (the value is then stored as binary, which is always exact).
     */
    private static String asJsonText(byte[] value) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        if (text.isBlank() || text.charAt(0) == '\uFEFF') {
            return null;
        }
        try {
            JsonNode root = JSON.readTree(text);
            return root != null && !root.isMissingNode() && jsonbAccepts(root) ? text : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** jsonb refuses NUL characters, lone surrogates and numbers beyond its numeric type. */
    private static boolean jsonbAccepts(JsonNode node) {
        if (node.isTextual()) {
            return validText(node.textValue());
        }
        if (node.isNumber()) {
            BigDecimal n = node.decimalValue();
            return n.precision() - n.scale() <= MAX_INTEGER_DIGITS && n.scale() <= MAX_FRACTION_DIGITS;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!validText(field.getKey()) || !jsonbAccepts(field.getValue())) {
                    return false;
                }
            }
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (!jsonbAccepts(element)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean validText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
