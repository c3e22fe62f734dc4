package io.quapr.sidecar.api.http;

import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.DaprExceptionHttpMapper;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.regex.Pattern;

/**
 * A request that declares a body over {@code --max-body-size} gets the answer its route gives to a
 * body it cannot read, as daprd's does: daprd cuts the body at the limit ("stream too large") and
 * lets the route fail on it, so a state save answers 400 {@code ERR_MALFORMED_REQUEST} and a
 * publish 400 {@code ERR_BODY_READ}, never 413. Runs before Quarkus's own limit (which would answer
 * 413) and before invocation; the body is never read, so the connection closes after the answer.
 */
@ApplicationScoped
public class OversizedBodyRoute {

    /** Before the invocation route (-100) and Quarkus's upload limit (-2). */
    static final int ORDER = -150;

    /** Routes that decode their body as JSON: daprd's deserialisation error. */
    private static final Pattern JSON_BODY_ROUTES = Pattern
            .compile("/v1\\.0(-alpha1)?/(state|lock|unlock|configuration)/.*|/v1\\.0(-alpha1)?/bindings/.*");

    private static final String CUT = "stream too large";

    @Inject
    SidecarConfig config;

    @Inject
    DaprExceptionHttpMapper errors;

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String declared = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null || !over(declared)) {
            ctx.next();
            return;
        }
        // the unread body stays on the wire: the connection cannot carry another request
        req.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        errors.write(req.response(), unreadable(req.path()));
    }

    private boolean over(String declared) {
        try {
            return Long.parseLong(declared.trim()) > config.maxBodySize();
        } catch (NumberFormatException e) {
            return false; // the HTTP codec answers a malformed length itself
        }
    }

    /** What the route at this path answers for a body it could not read. */
    static DaprException unreadable(String path) {
        if (JSON_BODY_ROUTES.matcher(path).matches()) {
            return HttpRequests.malformed(CUT);
        }
        return new DaprException(ErrorCode.BODY_READ, "failed to read request body: " + CUT);
    }
}
