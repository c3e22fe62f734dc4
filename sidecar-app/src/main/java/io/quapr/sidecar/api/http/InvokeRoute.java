package io.quapr.sidecar.api.http;

import io.quapr.internal.v1.Header;
import io.quapr.internal.v1.RequestHead;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.DaprExceptionHttpMapper;
import io.quapr.sidecar.invoke.Cancellation;
import io.quapr.sidecar.invoke.InvokeErrors;
import io.quapr.sidecar.invoke.InvokeReply;
import io.quapr.sidecar.invoke.MethodPath;
import io.quapr.sidecar.invoke.PolicyInvoke;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * daprd's HTTP service invocation: any verb on {@code /v1.0/invoke/<app-id>/method/<method>},
 * and any path at all when the request carries {@code dapr-app-id} (or Basic auth with user
 * {@code dapr-app-id}). A Vert.x route ahead of the JAX-RS resources, because the body is
 * streamed through untouched (never read whole) and because the header form matches paths the
 * other resources own. The answer is the app's: status, headers and body as it sent them.
 */
@ApplicationScoped
public class InvokeRoute {

    private static final Logger LOG = Logger.getLogger(InvokeRoute.class);
    private static final Set<String> NOT_RETURNED = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "proxy-connection");

    @Inject
    PolicyInvoke invoke;

    @Inject
    DaprExceptionHttpMapper errors;

    void register(@Observes Router router) {
        router.route().order(-100).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String[] target;
        try {
            target = target(req);
        } catch (DaprException badEscape) {
            errors.write(req.response(), badEscape);
            return;
        }
        if (target == null) {
            ctx.next();
            return;
        }
        req.pause();
        if (target[0].isEmpty()) {
            errors.write(req.response(), InvokeErrors.noAppId());
            return;
        }
        RequestHead.Builder head = RequestHead.newBuilder().setMethod(target[1]).setVerb(req.method().name())
                .setQuery(req.query() == null ? "" : req.query());
        for (Map.Entry<String, String> e : req.headers()) {
            head.addHeaders(Header.newBuilder().setName(e.getKey()).setValue(e.getValue()));
        }
        boolean hasLength = req.headers().contains("content-length");
        boolean streamed = !hasLength && (req.headers().contains("transfer-encoding")
                || req.version() == HttpVersion.HTTP_2 && !req.isEnded());
        head.setStreamedBody(streamed);
        Cancellation cancel = new Cancellation();
        HttpServerResponse response = req.response();
        response.closeHandler(v -> cancel.cancel());
        invoke.invoke(target[0], head.build(), hasLength || streamed ? req : null, streamed, cancel)
                .onSuccess(reply -> write(response, reply))
                .onFailure(e -> {
                    if (e instanceof DaprException d) {
                        errors.write(response, d);
                    } else {
                        errors.write(response, InvokeErrors.failed(target[0], e.toString()));
                    }
                });
    }

    /** {@code {target, method}} when the request is an invocation, {@code {"", ""}} when it names no target, else null. */
    static String[] target(HttpServerRequest req) {
        String appId = req.getHeader("dapr-app-id");
        if (appId != null && !appId.isEmpty()) {
            return new String[] { appId, MethodPath.clean(decode(req.path())) };
        }
        String auth = req.getHeader("authorization");
        if (auth != null && auth.startsWith("Basic ")) {
            try {
                String pair = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
                String[] parts = pair.split(":", -1);
                if (parts.length == 2 && parts[0].equalsIgnoreCase("dapr-app-id")) {
                    return new String[] { parts[1], MethodPath.clean(decode(req.path())) };
                }
            } catch (IllegalArgumentException notBase64) {
                // not ours: an app's own Basic auth on some other path
            }
        }
        String path = req.path();
        if (path == null || !path.startsWith("/v1.0/invoke/")) {
            return null;
        }
        String[] found = MethodPath.fromInvokePath(decode(path));
        return found != null ? found : new String[] { "", "" };
    }

    private static String decode(String path) {
        return RawPath.decode(path);
    }

    private void write(HttpServerResponse response, InvokeReply reply) {
        if (response.closed()) {
            return;
        }
        response.setStatusCode(reply.head().getStatus());
        MultiMap headers = response.headers();
        for (Header h : reply.head().getHeadersList()) {
            if (!NOT_RETURNED.contains(h.getName().toLowerCase(Locale.ROOT))) {
                headers.add(h.getName(), h.getValue());
            }
        }
        if (!headers.contains("content-length")) {
            response.setChunked(true);
        }
        reply.body().pipeTo(response).onFailure(e -> {
            LOG.debugf("invocation answer cut short: %s", e.getMessage());
            response.reset();
        });
    }
}
