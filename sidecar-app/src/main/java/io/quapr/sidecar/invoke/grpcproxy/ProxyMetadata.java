package io.quapr.sidecar.invoke.grpcproxy;

import io.grpc.Metadata;
import io.quapr.sidecar.security.ApiToken;
import io.vertx.core.MultiMap;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which metadata a proxied gRPC call carries on to the next hop, and its conversion between
 * grpc-java's {@link Metadata} (the API server) and the Vert.x clients' and servers' header maps.
 * Everything the caller or the app set passes, {@code -bin} values byte for byte; what belongs to
 * the gRPC transport (pseudo headers, content type, encodings, the deadline, which is sent anew)
 * is set by each hop, and the status travels as the status, not as metadata.
 */
public final class ProxyMetadata {

    /** daprd's metadata key naming the target app of a proxied call. */
    public static final String APP_ID = "dapr-app-id";

    /**
     * The key a sidecar sets on a call it forwards to another sidecar (the target app); daprd
     * reads it before {@link #APP_ID}.
     */
    public static final String CALLEE_APP_ID = "dapr-callee-app-id";

    /** The key naming the calling app, set by the caller's sidecar. */
    public static final String CALLER_APP_ID = "dapr-caller-app-id";

    /** The key naming the calling app's namespace (Quapr sets it next to {@link #CALLER_APP_ID}). */
    public static final String CALLER_NAMESPACE = "dapr-caller-namespace";

    /** Headers of one HTTP/2 stream that gRPC itself sets: the proxy's client sets its own. */
    private static final Set<String> PER_CALL = Set.of("content-type", "content-length", "te", "host", "connection",
            "keep-alive", "transfer-encoding", "upgrade", "grpc-timeout", "grpc-encoding", "grpc-accept-encoding",
            "grpc-status", "grpc-message");

    /** Headers that never pass an HTTP/2 hop, even when the stream itself passes unchanged. */
    private static final Set<String> PER_CONNECTION = Set.of("host", "connection", "keep-alive", "transfer-encoding",
            "upgrade", "content-length");

    private ProxyMetadata() {
    }

    /** Whether a key belongs to the gRPC call's transport rather than its metadata. */
    static boolean perCall(String key) {
        return key.isEmpty() || key.charAt(0) == ':' || PER_CALL.contains(key);
    }

    /**
     * The caller's request metadata as headers for the next hop, without what belongs to this
     * stream and without {@link #APP_ID} and the API token (daprd removes both before forwarding).
     */
    public static MultiMap request(Metadata md) {
        MultiMap out = toHeaders(md);
        out.remove(APP_ID);
        out.remove(ApiToken.HEADER);
        return out;
    }

    /**
     * A stream's headers as they go on to the next hop when its bytes pass unchanged (the callee
     * sidecar to its app): gRPC's own headers ({@code content-type}, {@code grpc-timeout},
     * encodings) stay, as the frames they describe do; per-connection headers, {@link #APP_ID} and
     * the API token do not.
     *
     * @param request true for the request's headers (then {@link #APP_ID} and the token are
     *        dropped too), false for the answer's headers or trailers
     */
    public static MultiMap passThrough(MultiMap headers, boolean request) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        for (Map.Entry<String, String> e : headers) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            if (key.isEmpty() || key.charAt(0) == ':' || PER_CONNECTION.contains(key)
                    || request && (key.equals(APP_ID) || key.equals(ApiToken.HEADER))) {
                continue;
            }
            out.add(key, e.getValue());
        }
        return out;
    }

    /** grpc-java metadata as wire headers: {@code -bin} values base64 encoded, as on the wire. */
    static MultiMap toHeaders(Metadata md) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        for (String key : md.keys()) {
            if (perCall(key)) {
                continue;
            }
            if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                for (byte[] v : md.getAll(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER))) {
                    out.add(key, b64.encodeToString(v));
                }
            } else {
                for (String v : md.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER))) {
                    out.add(key, v);
                }
            }
        }
        return out;
    }

    /**
     * Wire headers (the app's response headers or trailers) as grpc-java metadata: {@code -bin}
     * values decoded; a key or value grpc-java would refuse is left out rather than failing the call.
     */
    static Metadata toMetadata(MultiMap headers) {
        Metadata md = new Metadata();
        for (Map.Entry<String, String> e : headers) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            if (perCall(key)) {
                continue;
            }
            try {
                if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                    md.put(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER),
                            Base64.getDecoder().decode(e.getValue()));
                } else {
                    md.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), e.getValue());
                }
            } catch (IllegalArgumentException invalid) {
                // not valid gRPC metadata (a key with upper case or odd characters, bad base64): dropped
            }
        }
        return md;
    }

    /** A {@code grpc-message} value as sent (percent-encoded UTF-8) in plain text. */
    static String decodeMessage(String value) {
        if (value == null || value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()) {
                int hi = Character.digit(value.charAt(i + 1), 16);
                int lo = Character.digit(value.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out.write(hi << 4 | lo);
                    i += 2;
                    continue;
                }
            }
            byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
