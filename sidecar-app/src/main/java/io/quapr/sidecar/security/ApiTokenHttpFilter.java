package io.quapr.sidecar.security;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The API token on the HTTP API, as daprd's middleware applies it: a request without the right
 * {@code dapr-api-token} gets 401 {@code invalid api token} (plain text) before any route sees
 * it, except {@code GET /v1.0/healthz} and {@code GET /v1.0/healthz/outbound}; the header is
 * removed from every request that goes on, exempt or not. Installed by {@link HttpApiFilters}
 * only when a token is configured.
 */
final class ApiTokenHttpFilter {

    private final ApiToken token;

    ApiTokenHttpFilter(ApiToken token) {
        this.token = token;
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!token.matches(request.getHeader(ApiToken.HEADER)) && !exempt(request)) {
            HttpApiFilters.plainText(ctx, 401, "invalid api token\n");
            return;
        }
        ApiToken.strip(request.headers());
        ctx.next();
    }

    /** daprd's exemption: the health endpoints, on GET, whatever slashes surround the path. */
    static boolean exempt(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET) {
            return false;
        }
        String path = trimSlashes(request.path());
        return path.equals("v1.0/healthz") || path.equals("v1.0/healthz/outbound");
    }

    private static String trimSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}
