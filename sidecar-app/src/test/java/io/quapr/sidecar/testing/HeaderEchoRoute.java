package io.quapr.sidecar.testing;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A plain Vert.x route, outside JAX-RS, that answers {@code GET /quapr-test/headers} with the
 * request's headers as a JSON object (names in lower case): shows what a route added the way the
 * invocation code adds its routes receives.
 */
@ApplicationScoped
public class HeaderEchoRoute {

    void install(@Observes Router router) {
        router.get("/quapr-test/headers").handler(ctx -> {
            JsonObject headers = new JsonObject();
            ctx.request().headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            ctx.response().putHeader("Content-Type", "application/json").end(headers.encode());
        });
    }
}
