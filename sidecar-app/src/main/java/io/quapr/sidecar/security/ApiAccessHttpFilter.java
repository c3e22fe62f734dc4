package io.quapr.sidecar.security;

import io.vertx.ext.web.RoutingContext;

/**
 * The API allow/deny lists on the HTTP API. daprd does not register a denied route, so a request
 * for it falls to daprd's fallback route, service invocation by {@code dapr-app-id} header: it
 * answers 404 {@code ERR_DIRECT_INVOKE} (no app id in the request), or, when invocation is itself
 * off, the router's plain 404. This filter gives the same answers before any route runs.
 *
 * <p>
 * One difference, chosen: daprd would invoke the app named by a {@code dapr-app-id} header sent
 * to a denied route's path; here that request gets the same 404, so a denied API can never be
 * reached through a route that exists in this process.
 */
final class ApiAccessHttpFilter {

    private static final String NO_APP_ID = "{\"errorCode\":\"ERR_DIRECT_INVOKE\",\"message\":"
            + "\"failed getting app id either from the URL path or the header dapr-app-id\"}";

    private final ApiAccessRules rules;
    private final boolean invokeAllowed;

    ApiAccessHttpFilter(ApiAccessRules rules) {
        this.rules = rules;
        this.invokeAllowed = rules.httpAllowed(HttpApiEndpoints.INVOKE);
    }

    void handle(RoutingContext ctx) {
        HttpApiEndpoints.Endpoint endpoint = HttpApiEndpoints.match(ctx.request().method().name(),
                ctx.normalizedPath());
        if (rules.httpAllowed(endpoint)) {
            ctx.next();
        } else if (invokeAllowed && endpoint != HttpApiEndpoints.INVOKE) {
            HttpApiFilters.json(ctx, 404, NO_APP_ID);
        } else {
            HttpApiFilters.plainText(ctx, 404, "404 page not found\n");
        }
    }
}
