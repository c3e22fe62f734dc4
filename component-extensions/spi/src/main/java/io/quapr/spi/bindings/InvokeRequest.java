package io.quapr.spi.bindings;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One output binding call.
 *
 * @param operation the operation, one of {@link OutputBinding#operations()}
 * @param data the request's data: over HTTP the JSON text of the body's {@code data} field (a
 *        JSON string keeps its quotes, an absent field is {@code null} as text), over gRPC the
 *        bytes as sent; never {@code null}
 * @param metadata the request metadata (per call settings such as {@code fileName}, plus the
 *        trace headers the sidecar adds); never {@code null}
 */
public record InvokeRequest(String operation, byte[] data, Map<String, String> metadata) {

    /** The data as UTF-8 text. */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }
}
