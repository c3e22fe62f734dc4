package io.quapr.sidecar.api.http;

import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.DaprExceptionHttpMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * What the API's hot routes share ({@link StateRoute}, {@link PublishRoute}): plain Vert.x route
 * handlers instead of JAX-RS resources, because the REST layer (resource matching, context
 * injection, response building and writing) cost more CPU per call than the call itself. They run
 * behind every filter (the head rules, the API token and allow lists, telemetry, the declared body
 * size), ahead of the REST resources, and answer errors with {@link DaprExceptionHttpMapper}, as
 * the resources do.
 */
@Singleton
public class PlainRoutes {

    /**
     * The hot routes' order: after the invocation route (-100), which owns any path that names a
     * target app; before Quarkus's upload limit (-2) and the REST resources.
     */
    static final int ORDER = -90;

    private static final Logger LOG = Logger.getLogger(PlainRoutes.class);

    private static final MultiMap NO_QUERY = MultiMap.caseInsensitiveMultiMap();

    @Inject
    SidecarConfig config;

    @Inject
    DaprExceptionHttpMapper errors;

    /**
     * The query parameters, decoded; a {@code ;} is part of a value (as for the REST resources),
     * never a separator.
     */
    static MultiMap query(HttpServerRequest req) {
        return req.query() == null ? NO_QUERY : req.params(true);
    }

    /**
     * Reads the whole body, then hands it to {@code then} (on the request's event loop); anything
     * {@code then} throws is answered ({@link #fail}). A body that grows over {@code --max-body-size}
     * (chunked: {@link OversizedBodyRoute} answers declared lengths) gets the answer that route gives,
     * and the connection closes.
     */
    void body(RoutingContext ctx, Consumer<byte[]> then) {
        HttpServerRequest req = ctx.request();
        if (req.isEnded()) {
            run(ctx, then, new byte[0]);
            return;
        }
        long max = config.maxBodySize();
        Buffer body = Buffer.buffer(initialSize(req.getHeader(HttpHeaders.CONTENT_LENGTH)));
        boolean[] over = { false };
        req.handler(chunk -> {
            if (over[0]) {
                return;
            }
            if (body.length() + chunk.length() > max) {
                over[0] = true;
                ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
                errors.write(ctx.response(), OversizedBodyRoute.unreadable(req.path()));
                return;
            }
            body.appendBuffer(chunk);
        });
        req.exceptionHandler(e -> LOG.debugf("request body cut short: %s", e.getMessage()));
        req.endHandler(v -> {
            if (!over[0]) {
                run(ctx, then, body.getBytes());
            }
        });
        req.resume();
    }

    /** The declared length when it is small (the buffer never grows for it), else a default. */
    private static int initialSize(String declared) {
        if (declared != null && declared.length() < 7) {
            try {
                return Math.max(0, Integer.parseInt(declared.trim()));
            } catch (NumberFormatException e) {
                // the codec answers a malformed length itself; not ours to refuse
            }
        }
        return 1024;
    }

    private void run(RoutingContext ctx, Consumer<byte[]> then, byte[] body) {
        try {
            then.accept(body);
        } catch (RuntimeException e) {
            fail(ctx, e);
        }
    }

    /** Answers with {@code write} once {@code call} has its item; its failure with {@link #fail}. */
    <T> void answer(RoutingContext ctx, Uni<T> call, BiConsumer<HttpServerResponse, T> write) {
        call.subscribe().with(item -> write.accept(ctx.response(), item), e -> fail(ctx, e));
    }

    /** Answers 204 once {@code call} completes. */
    void noContent(RoutingContext ctx, Uni<?> call) {
        answer(ctx, call, (response, item) -> response.setStatusCode(204).end());
    }

    /**
     * A {@link DaprException} as daprd's error body; anything else to Quarkus's failure handling
     * (500), as an exception escaping a resource.
     */
    void fail(RoutingContext ctx, Throwable e) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        if (e instanceof DaprException d) {
            errors.write(ctx.response(), d);
        } else {
            ctx.fail(e);
        }
    }
}
