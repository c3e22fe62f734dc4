package io.quapr.components.state.sqlite;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A value as the {@code value} and {@code is_binary} columns hold it.
 *
 * <p>
 * daprd stores a JSON value (what its HTTP API receives) as its JSON text with
 * {@code is_binary = 0}, and raw bytes (what its gRPC API receives) base64-encoded with
 * {@code is_binary = 1}. The SPI hands this store bytes in both cases, so the bytes decide: a
 * well-formed UTF-8 JSON document is stored as text, anything else as base64. Either way a read
 * returns the bytes exactly as written, and daprd reading the same file returns them too.
 *
 * @param text the {@code value} column
 * @param binary the {@code is_binary} column
 */
record StoredValue(String text, boolean binary) {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** Encodes bytes for the table. */
    static StoredValue encode(byte[] value) {
        String text = utf8OrNull(value);
        if (text != null && isJsonDocument(text)) {
            return new StoredValue(text, false);
        }
        return new StoredValue(Base64.getEncoder().encodeToString(value), true);
    }

    /**
     * Decodes a row's value.
     *
     * @param column the {@code value} column's bytes (the UTF-8 of its text)
     * @param binary the {@code is_binary} column
     * @throws IllegalStateException when a binary row does not hold base64
     */
    static byte[] decode(byte[] column, boolean binary) {
        byte[] raw = column == null ? new byte[0] : column;
        if (!binary) {
            return raw;
        }
        try {
            return Base64.getDecoder().decode(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("failed to decode binary data: " + e.getMessage(), e);
        }
    }

    private static String utf8OrNull(byte[] value) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Exactly one JSON value, nothing after it but whitespace. */
    private static boolean isJsonDocument(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException | RuntimeException e) {
            // not JSON, or beyond the parser's limits: base64 keeps it exact either way
            return false;
        }
    }
}
