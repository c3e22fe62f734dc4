package io.quapr.spi.bindings;

import java.util.Map;

/**
 * The answer to an output binding call.
 *
 * @param data the answer's bytes, sent to the app as they are (the HTTP API's body); may be empty,
 *        never {@code null}
 * @param metadata the answer's metadata (the HTTP API's {@code metadata.<key>} headers); never
 *        {@code null}
 */
public record InvokeResponse(byte[] data, Map<String, String> metadata) {

    /** An answer with data and no metadata. */
    public static InvokeResponse of(byte[] data) {
        return new InvokeResponse(data, Map.of());
    }
}
