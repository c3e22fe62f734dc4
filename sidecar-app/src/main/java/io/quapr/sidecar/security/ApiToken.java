package io.quapr.sidecar.security;

import io.grpc.Metadata;
import io.quapr.sidecar.SidecarConfig;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The API token ({@code DAPR_API_TOKEN}): when set, every call on the HTTP and gRPC APIs must
 * carry it in the {@code dapr-api-token} header, as daprd requires. Read once at start-up; the
 * value is compared in constant time and never printed ({@link #toString()} says only whether
 * one is set).
 */
@ApplicationScoped
public class ApiToken {

    /** The header (HTTP) and metadata key (gRPC) that carries the token, daprd's name. */
    public static final String HEADER = "dapr-api-token";

    /** The gRPC metadata key of {@link #HEADER}. */
    public static final Metadata.Key<String> GRPC_KEY = Metadata.Key.of(HEADER, Metadata.ASCII_STRING_MARSHALLER);

    private final byte[] token;

    @Inject
    public ApiToken(SidecarConfig config) {
        this(config.apiToken().orElse(null));
    }

    /** A token given directly; null for none. */
    ApiToken(String token) {
        this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a token is configured: without one, nothing is checked. */
    public boolean enabled() {
        return token != null;
    }

    /**
     * Whether the presented value is the token, compared in constant time (for values of the
     * token's length) so the comparison leaks nothing about how much of a guess was right.
     *
     * @param presented the header's value, or null when the caller sent none
     */
    public boolean matches(String presented) {
        return token != null && presented != null
                && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Removes the token header from headers about to be forwarded (to the app, to another
     * sidecar), so the caller's token never leaves this sidecar. Call it whether or not a token
     * is configured: daprd's gRPC proxy drops the header in both cases.
     */
    public static void strip(MultiMap headers) {
        headers.remove(HEADER);
    }

    /** {@link #strip(MultiMap)} for gRPC metadata. */
    public static void strip(Metadata headers) {
        headers.removeAll(GRPC_KEY);
    }

    @Override
    public String toString() {
        return token == null ? "ApiToken[not set]" : "ApiToken[set]";
    }
}
