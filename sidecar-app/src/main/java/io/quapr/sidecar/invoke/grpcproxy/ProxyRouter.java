package io.quapr.sidecar.invoke.grpcproxy;

import io.grpc.Metadata;
import io.grpc.Status;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.appchannel.AppCallbackChannel;
import io.quapr.sidecar.invoke.CalleeGate;
import io.quapr.sidecar.invoke.CallerIdentity;
import io.quapr.sidecar.invoke.InvokeTarget;
import io.quapr.sidecar.invoke.MethodPath;
import io.quapr.sidecar.invoke.NameResolution;
import io.quapr.sidecar.invoke.SidecarClient;
import io.quapr.sidecar.security.AccessDecision;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * Where a call proxied from the gRPC API goes, as daprd's proxy decides: the app named by
 * {@code dapr-callee-app-id}, else {@code dapr-app-id}. This sidecar's own app id: its app,
 * straight over the app channel, after the access policies (with no caller certificate, so the
 * global {@code defaultAction}). Any other: that app's sidecar, found by name resolution, over the
 * sidecar-to-sidecar client (mTLS when on), with {@code dapr-caller-app-id} and
 * {@code dapr-callee-app-id} set; that sidecar gives it to its app ({@link CalleeProxy}).
 * Failures are gRPC statuses with daprd's codes: {@code Unknown} for a missing or unresolvable id,
 * {@code PermissionDenied} for a policy, {@code Unavailable} when the next hop cannot be reached.
 */
@ApplicationScoped
public class ProxyRouter {

    @Inject
    SidecarConfig config;

    @Inject
    NameResolution names;

    @Inject
    SidecarClient sidecars;

    @Inject
    AppCallbackChannel app;

    @Inject
    CalleeGate gate;

    private static final Metadata.Key<String> CALLEE_KEY = Metadata.Key.of(ProxyMetadata.CALLEE_APP_ID,
            Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> APP_ID_KEY = Metadata.Key.of(ProxyMetadata.APP_ID,
            Metadata.ASCII_STRING_MARSHALLER);

    /** The target app id a call names (daprd reads the callee key first); null when it names none. */
    static String targetId(Metadata md) {
        String callee = md.get(CALLEE_KEY);
        return callee != null ? callee : md.get(APP_ID_KEY);
    }

    /**
     * Opens the next leg of a proxied call, on the caller's Vert.x context.
     *
     * @param targetId the id from {@link #targetId}, or null
     * @param fullMethod {@code package.Service/Method}
     * @param headers the metadata to send ({@link ProxyMetadata#request}); completed here with the
     *        identity keys for another sidecar
     * @param trace this sidecar's span as {@code traceparent}/{@code tracestate}, replacing the
     *        caller's on a call to another sidecar; empty without tracing (read by the caller
     *        while the API call's span is current)
     * @param timeoutMillis what is left of the caller's deadline; 0 for none
     * @return the open HTTP/2 request with gRPC's headers and the metadata set, its head not sent
     *         yet; or a failed future with a {@link io.grpc.StatusException}
     */
    public Future<HttpClientRequest> open(String targetId, String fullMethod, MultiMap headers,
            Map<String, String> trace, long timeoutMillis) {
        if (targetId == null) {
            return fail(Status.UNKNOWN, "failed to proxy request: required metadata " + ProxyMetadata.CALLEE_APP_ID
                    + " or " + ProxyMetadata.APP_ID + " not found");
        }
        if (targetId.isEmpty()) {
            return fail(Status.UNKNOWN, "app id is empty");
        }
        String ownId = config.appId().orElse("");
        String ownNamespace = config.namespace().orElse("");
        InvokeTarget target;
        try {
            target = InvokeTarget.parse(targetId, ownNamespace);
        } catch (IllegalArgumentException e) {
            return fail(Status.UNKNOWN, e.getMessage());
        }
        if (target.isUrl()) {
            return fail(Status.UNKNOWN, "failed to proxy request: " + targetId + " is not an app id");
        }
        // daprd compares the id alone: its own id in any namespace is its own app
        if (target.appId().equals(ownId)) {
            AccessDecision decision = gate.admit(new CallerIdentity("", "", ""), "", operation(fullMethod));
            if (!decision.allowed()) {
                return fail(Status.PERMISSION_DENIED, decision.message());
            }
            Future<HttpClientRequest> req;
            try {
                req = app.rawRequest(fullMethod);
            } catch (RuntimeException e) {
                req = Future.failedFuture(e);
            }
            return req.recover(e -> fail(Status.UNAVAILABLE, "error establishing a grpc connection to app: "
                    + message(e))).map(r -> prepare(r, headers, timeoutMillis));
        }
        headers.set(ProxyMetadata.CALLER_APP_ID, ownId);
        if (!ownNamespace.isEmpty()) {
            headers.set(ProxyMetadata.CALLER_NAMESPACE, ownNamespace);
        }
        headers.set(ProxyMetadata.CALLEE_APP_ID, target.appId());
        if (!trace.isEmpty()) {
            headers.remove("traceparent");
            headers.remove("tracestate");
            trace.forEach(headers::set);
        }
        return names.resolve(target.appId(), target.namespace())
                .recover(e -> fail(Status.UNKNOWN, message(e)))
                .compose(address -> sidecars.rawRequest(address, fullMethod).recover(e -> {
                    // the sidecar may have moved: resolve again next time
                    names.forget(target.appId(), target.namespace());
                    return fail(Status.UNAVAILABLE, "error connecting to the sidecar of " + target.appId() + " at "
                            + address + ": " + message(e));
                }))
                .map(r -> prepare(r, headers, timeoutMillis));
    }

    /**
     * The operation the access policies see for a gRPC method: {@code /package.Service/Method},
     * normalised as daprd normalises a method.
     */
    static String operation(String fullMethod) {
        return "/" + MethodPath.clean(fullMethod);
    }

    private static HttpClientRequest prepare(HttpClientRequest req, MultiMap headers,
            long timeoutMillis) {
        // no grpc-accept-encoding: the app answers uncompressed, so messages pass as they are
        req.setChunked(true).headers().set("content-type", "application/grpc").set("te", "trailers");
        // the caller's token is already gone: the only token on the request is APP_API_TOKEN
        req.headers().addAll(headers);
        if (timeoutMillis > 0) {
            req.headers().set("grpc-timeout", timeoutMillis + "m");
        }
        return req;
    }

    static <T> Future<T> fail(Status status, String message) {
        return Future.failedFuture(status.withDescription(message).asException());
    }

    static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
