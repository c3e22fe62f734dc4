package io.quapr.sidecar.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.sidecar.state.StateService;
import io.quapr.spi.state.GetResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The state API's hot routes as plain Vert.x handlers ({@link PlainRoutes}): a key's GET
 * ({@code /v1.0/state/<store>/<key>}) and the save ({@code POST|PUT /v1.0/state/<store>}). Every
 * other state route is {@link StateResource}'s. Store and key are read from the raw path
 * ({@link RawPath}).
 */
@ApplicationScoped
public class StateRoute {

    private static final String PREFIX = "/v1.0/state/";

    @Inject
    StateService state;

    @Inject
    ObjectMapper json;

    @Inject
    PlainRoutes routes;

    void register(@Observes Router router) {
        router.route().order(PlainRoutes.ORDER).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String path = req.path();
        if (!path.startsWith(PREFIX) || path.length() == PREFIX.length()) {
            ctx.next();
            return;
        }
        int slash = path.indexOf('/', PREFIX.length());
        HttpMethod method = req.method();
        try {
            if (method == HttpMethod.GET && slash > PREFIX.length() && slash < path.length() - 1
                    && path.indexOf('/', slash + 1) < 0) {
                get(ctx, RawPath.decode(path.substring(PREFIX.length(), slash)),
                        RawPath.decode(path.substring(slash + 1)));
            } else if ((method == HttpMethod.POST || method == HttpMethod.PUT) && slash < 0) {
                save(ctx, RawPath.decode(path.substring(PREFIX.length())));
            } else {
                ctx.next();
            }
        } catch (RuntimeException e) {
            routes.fail(ctx, e);
        }
    }

    private void get(RoutingContext ctx, String store, String key) {
        MultiMap query = PlainRoutes.query(ctx.request());
        routes.answer(ctx, state.get(store, key, HttpRequests.metadata(query),
                StateRequests.consistency(query.get("consistency"))), StateRoute::write);
    }

    /** 200 with the value, its {@code ETag} and {@code metadata.*} headers; 204 when there is none. */
    private static void write(HttpServerResponse response, GetResponse found) {
        if (!found.found()) {
            response.setStatusCode(204).end();
            return;
        }
        response.putHeader("Content-Type", "application/json");
        if (found.etag() != null) {
            response.putHeader("ETag", found.etag());
        }
        found.metadata().forEach((k, v) -> response.putHeader("metadata." + k, v));
        response.end(Buffer.buffer(found.data()));
    }

    private void save(RoutingContext ctx, String store) {
        Map<String, String> md = HttpRequests.metadata(PlainRoutes.query(ctx.request()));
        routes.body(ctx, body -> routes.noContent(ctx, state.save(store, StateRequests.saveItems(json, body, md))));
    }
}
