package io.quapr.sidecar.invoke.grpcproxy;

import io.grpc.Status;
import io.quapr.sidecar.appchannel.AppCallbackChannel;
import io.quapr.sidecar.invoke.CalleeGate;
import io.quapr.sidecar.invoke.CallerIdentity;
import io.quapr.sidecar.security.AccessDecision;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The callee side of a proxied gRPC call: another sidecar's {@link ProxyRouter} sent it to this
 * sidecar's internal server, and it goes to this sidecar's app as the same HTTP/2 stream, bytes,
 * headers and trailers unchanged, after the access policies (caller from its certificate with
 * mTLS). The caller's identity keys are replaced by the certificate's; {@code APP_API_TOKEN} is
 * added. A reset on either side resets the other.
 */
@ApplicationScoped
public class CalleeProxy {

    /** HTTP/2's CANCEL error code. */
    private static final long CANCEL = 8;

    @Inject
    CalleeGate gate;

    @Inject
    AppCallbackChannel app;

    /**
     * Proxies one call that arrived on the internal server for a method it does not serve itself.
     *
     * @param fromCert the caller's identity from its certificate; empty without mTLS (then the
     *        caller's own keys name it, and only the global default action applies)
     */
    public void handle(HttpServerRequest req, Optional<CallerIdentity> fromCert) {
        HttpServerResponse resp = req.response();
        String contentType = req.getHeader("content-type");
        if (contentType == null || !contentType.startsWith("application/grpc")) {
            // as a gRPC server answers a request that is not gRPC
            resp.setStatusCode(415).end();
            return;
        }
        String method = req.path().length() > 1 ? req.path().substring(1) : "";
        MultiMap headers = ProxyMetadata.passThrough(req.headers(), true);
        CallerIdentity caller = fromCert.orElseGet(() -> new CallerIdentity("",
                orEmpty(headers.get(ProxyMetadata.CALLER_NAMESPACE)),
                orEmpty(headers.get(ProxyMetadata.CALLER_APP_ID))));
        AccessDecision decision = gate.admit(caller, "", ProxyRouter.operation(method));
        if (!decision.allowed()) {
            fail(resp, Status.Code.PERMISSION_DENIED, decision.message());
            return;
        }
        if (fromCert.isPresent()) {
            headers.set(ProxyMetadata.CALLER_APP_ID, caller.appId());
            headers.set(ProxyMetadata.CALLER_NAMESPACE, caller.namespace());
        }
        req.pause();
        Future<HttpClientRequest> toApp;
        try {
            toApp = app.rawRequest(method);
        } catch (RuntimeException noChannel) {
            // no --app-port: every call gets an answer, never an uncaught exception and a caller left waiting
            fail(resp, Status.Code.UNAVAILABLE, "failed to proxy request: " + ProxyRouter.message(noChannel));
            return;
        }
        toApp.onFailure(e -> fail(resp, Status.Code.UNAVAILABLE,
                "error establishing a grpc connection to app: " + ProxyRouter.message(e))).onSuccess(out -> {
                    // APP_API_TOKEN, when set, is already on the request
                    out.setChunked(true).headers().addAll(headers);
                    resp.exceptionHandler(e -> out.reset(CANCEL));
                    out.response().onSuccess(in -> answer(in, resp))
                            .onFailure(e -> fail(resp, Status.Code.UNAVAILABLE, ProxyRouter.message(e)));
                    out.sendHead();
                    // a caller that resets its stream resets the app's: the request is not ended as if complete
                    req.pipe().endOnFailure(false).to(out).onFailure(e -> out.reset(CANCEL));
                });
    }

    /** Streams the app's answer back: headers, body and trailers as they are. */
    private static void answer(HttpClientResponse in, HttpServerResponse resp) {
        resp.setStatusCode(in.statusCode()).setChunked(true);
        resp.headers().addAll(ProxyMetadata.passThrough(in.headers(), false));
        in.exceptionHandler(e -> resp.reset(CANCEL));
        in.endHandler(v -> {
            resp.trailers().addAll(ProxyMetadata.passThrough(in.trailers(), false));
            resp.end();
        });
        in.handler(chunk -> {
            resp.write(chunk);
            if (resp.writeQueueFull()) {
                in.pause();
                resp.drainHandler(d -> in.resume());
            }
        });
    }

    /**
     * A gRPC error as a trailers-only answer on a plain HTTP/2 response (a stream already under
     * way is reset instead).
     */
    public static void fail(HttpServerResponse resp, Status.Code code, String message) {
        if (resp.ended() || resp.headWritten()) {
            resp.reset(CANCEL);
            return;
        }
        resp.setStatusCode(200).putHeader("content-type", "application/grpc")
                .putHeader("grpc-status", Integer.toString(code.value()))
                .putHeader("grpc-message", percentEncode(message)).end();
    }

    /** {@code grpc-message}'s encoding: percent-encoded UTF-8 outside printable ASCII and {@code %}. */
    static String percentEncode(String message) {
        StringBuilder out = new StringBuilder(message.length());
        for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c <= 0x7e && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
