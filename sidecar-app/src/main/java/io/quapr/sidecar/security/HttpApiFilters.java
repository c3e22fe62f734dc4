package io.quapr.sidecar.security;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Puts the API token check and the API allow/deny lists in front of every route of the HTTP API
 * (JAX-RS resources and plain Vert.x routes alike), in daprd's order: token first. Each filter is
 * installed only when configured, so a sidecar without a token or lists pays nothing per request.
 */
@ApplicationScoped
public class HttpApiFilters {

    /**
     * The route order of both filters: before every other route of the HTTP server, including
     * Quarkus' body handler, so a refused request is answered before its body is read. Routes
     * added by other code must use a higher order to be covered.
     */
    public static final int ORDER = Integer.MIN_VALUE;

    private static final Logger LOG = Logger.getLogger(HttpApiFilters.class);

    @Inject
    ApiToken token;

    @Inject
    ApiAccessRules rules;

    void install(@Observes Router router) {
        if (token.enabled()) {
            LOG.info("API token authentication enabled on the HTTP API");
            ApiTokenHttpFilter filter = new ApiTokenHttpFilter(token);
            router.route().order(ORDER).handler(filter::handle);
        }
        if (rules.httpRestricted()) {
            ApiAccessHttpFilter filter = new ApiAccessHttpFilter(rules);
            router.route().order(ORDER).handler(filter::handle);
        }
    }

    /** Ends the exchange with a plain-text body, as Go's {@code http.Error} writes it. */
    static void plainText(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff");
        end(ctx, body);
    }

    /** Ends the exchange with a JSON body. */
    static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        end(ctx, body);
    }

    private static void end(RoutingContext ctx, String body) {
        ctx.response().end(body);
        // a refused request's body is never read: let it drain so the connection stays usable
        HttpServerRequest request = ctx.request();
        if (!request.isEnded()) {
            request.resume();
        }
    }
}
