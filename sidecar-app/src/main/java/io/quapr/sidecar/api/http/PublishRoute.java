package io.quapr.sidecar.api.http;

import io.quapr.sidecar.pubsub.PubSubService;
import io.quapr.sidecar.pubsub.TraceContext;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The publish API's hot route as a plain Vert.x handler ({@link PlainRoutes}):
 * {@code POST|PUT /v1.0/publish/<pubsub>/<topic>} (the topic may hold {@code /}; no topic at all is
 * daprd's {@code ERR_TOPIC_NAME_EMPTY}, from the service). The bulk form is
 * {@link PublishResource}'s.
 */
@ApplicationScoped
public class PublishRoute {

    private static final String PREFIX = "/v1.0/publish/";

    /**
     * {@code /v1.0/publish/bulk/<pubsub>/...} is a bulk publish, {@link PublishResource}'s (a pubsub
     * named {@code bulk} publishes in bulk there, as JAX-RS's matching had it).
     */
    private static final String BULK = PREFIX + "bulk/";

    @Inject
    PubSubService pubsub;

    @Inject
    PlainRoutes routes;

    void register(@Observes Router router) {
        router.route().order(PlainRoutes.ORDER).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String path = req.path();
        HttpMethod method = req.method();
        if (!path.startsWith(PREFIX) || method != HttpMethod.POST && method != HttpMethod.PUT
                || path.startsWith(BULK) && path.indexOf('/', BULK.length()) >= 0) {
            ctx.next();
            return;
        }
        try {
            // names from the raw path, as daprd reads them
            String name = RawPath.segment(req, 2);
            String topic = RawPath.after(req, 3);
            Map<String, String> md = HttpRequests.metadata(PlainRoutes.query(req));
            String type = req.getHeader(HttpHeaders.CONTENT_TYPE);
            TraceContext trace = TraceContext.of(req.getHeader("traceparent"), req.getHeader("tracestate"));
            routes.body(ctx, body -> routes.noContent(ctx,
                    pubsub.publish(name, topic, body, type == null ? "" : type, md, trace, Map.of())));
        } catch (RuntimeException e) {
            routes.fail(ctx, e);
        }
    }
}
