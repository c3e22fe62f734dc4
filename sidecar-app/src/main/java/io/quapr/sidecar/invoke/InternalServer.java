package io.quapr.sidecar.invoke;

import io.grpc.Status;
import io.quapr.internal.v1.ActorCall;
import io.quapr.internal.v1.ActorReply;
import io.quapr.internal.v1.InvokeFrame;
import io.quapr.internal.v1.RequestHead;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.StartupException;
import io.quapr.sidecar.actors.ActorCallMethod;
import io.quapr.sidecar.actors.ActorRouter;
import io.quapr.sidecar.eventloop.CappedHttpServer;
import io.quapr.sidecar.eventloop.ConnectionLimit;
import io.quapr.sidecar.eventloop.EventLoops;
import io.quapr.sidecar.eventloop.FlushBatching;
import io.quapr.sidecar.invoke.grpcproxy.CalleeProxy;
import io.quapr.sidecar.security.AccessDecision;
import io.quapr.sidecar.telemetry.CalleeSpan;
import io.quapr.sidecar.telemetry.Telemetry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SSLOptions;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The callee side of the sidecar-to-sidecar channel: a gRPC server on
 * {@code --dapr-internal-grpc-port}, apart from the API's 50001, serving
 * {@code quapr.internal.v1.SidecarInvocation}. Each call: the caller's identity (from its
 * certificate with mTLS), {@link CalleeGate#admit}, then this sidecar's app through
 * {@link AppInvoker}, body streamed both ways; the caller's {@code grpc-timeout} bounds the
 * call and a reset stream resets the request to the app. Any other method is a gRPC call another
 * sidecar proxies to this sidecar's app ({@link CalleeProxy}), except
 * {@code quapr.internal.v1.SidecarActors/Call}: an actor call for an actor that lives here
 * ({@link ActorRouter#serve}).
 */
@ApplicationScoped
public class InternalServer {

    private static final Logger LOG = Logger.getLogger(InternalServer.class);

    @Inject
    SidecarConfig config;

    @Inject
    Vertx vertx;

    @Inject
    MtlsCredentials mtls;

    @Inject
    CalleeGate gate;

    @Inject
    AppInvoker app;

    @Inject
    NameResolution names;

    @Inject
    Telemetry telemetry;

    @Inject
    CalleeProxy proxy;

    @Inject
    ActorRouter actors;

    /** One server per event loop, all on the one port. */
    private volatile List<HttpServer> servers = List.of();

    void onStart(@Observes @Priority(2500) StartupEvent event) {
        HttpServerOptions options = new HttpServerOptions().setPort(config.internalGrpcPort())
                .setHost(config.internalGrpcListenAddress()).setTcpNoDelay(true)
                .setIdleTimeout((int) config.internalGrpcIdleTimeout().toSeconds());
        ConnectionLimit limit = new ConnectionLimit(config.internalGrpcMaxConnections());
        // each caller's bound per target: Vert.x's default of 100 would queue calls daprd lets through
        options.getInitialSettings().setMaxConcurrentStreams(config.invoke().maxConcurrentCalls());
        if (mtls.enabled()) {
            MtlsCredentials.Pem pem = mtls.current();
            options.setSsl(true).setUseAlpn(true).setClientAuth(ClientAuth.REQUIRED).setKeyCertOptions(pem.keyCert())
                    .setTrustOptions(pem.trust());
        }
        GrpcServer grpc = GrpcServer.server(vertx,
                new GrpcServerOptions().setMaxMessageSize(InvokeMethod.MAX_MESSAGE_SIZE));
        grpc.callHandler(InvokeMethod.SERVER, this::handle);
        grpc.callHandler(ActorCallMethod.SERVER, this::actorCall);
        // every other method is a gRPC call proxied from another sidecar's API, passed on as it is
        Handler<HttpServerRequest> requests = req -> {
            if (req.path().equals(InvokeMethod.PATH) || req.path().equals(ActorCallMethod.PATH)) {
                grpc.handle(req);
            } else {
                proxyCall(req);
            }
        };
        try {
            // a server per event loop: calls from several callers (and a caller's connection per
            // event loop) are served in parallel, not queued on one thread
            servers = EventLoops.listenOnEach(vertx, () -> new CappedHttpServer(vertx, options, limit),
                    options.getPort(), requests, FlushBatching::install).toCompletionStage().toCompletableFuture()
                    .get();
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StartupException(List.of("--dapr-internal-grpc-port " + config.internalGrpcPort()
                    + ": cannot listen: " + cause.getMessage()));
        }
        if (mtls.enabled()) {
            mtls.onChange(pem -> servers.forEach(s -> s.updateSSLOptions(
                    new SSLOptions().setKeyCertOptions(pem.keyCert()).setTrustOptions(pem.trust()))));
        }
        LOG.infof("internal gRPC server (sidecar to sidecar) on port %d%s", port(),
                mtls.enabled() ? " with mTLS" : "");
        names.start(port());
    }

    /** The port the server listens on (the configured one, or the one picked for 0). */
    public int port() {
        return servers.get(0).actualPort();
    }

    private void handle(GrpcServerRequest<InvokeFrame, InvokeFrame> req) {
        GrpcServerResponse<InvokeFrame, InvokeFrame> resp = req.response();
        Optional<CallerIdentity> peer = Optional.empty();
        if (mtls.enabled()) {
            peer = peerIdentity(req.connection());
            if (peer.isEmpty()) {
                resp.status(GrpcStatus.UNAUTHENTICATED).statusMessage("no SPIFFE id in the caller's certificate").end();
                return;
            }
        }
        Cancellation cancel = new Cancellation();
        long deadline = deadline(req.headers().get("grpc-timeout"));
        long timer = deadline <= 0 ? -1 : vertx.setTimer(deadline, id -> {
            if (!cancel.cancelled()) {
                cancel.cancel();
                fail(resp, GrpcStatus.DEADLINE_EXCEEDED, "context deadline exceeded");
            }
        });
        if (timer >= 0) {
            cancel.onCancel(() -> vertx.cancelTimer(timer));
        }
        FrameBody body = FrameBody.read(req, cancel);
        Optional<CallerIdentity> fromCert = peer;
        body.head().onFailure(e -> fail(resp, GrpcStatus.INVALID_ARGUMENT, "no request head: " + e.getMessage()))
                .onSuccess(frame -> {
                    RequestHead head = frame.getRequest();
                    CallerIdentity caller = fromCert.orElseGet(
                            () -> new CallerIdentity("", head.getCallerNamespace(), head.getCallerAppId()));
                    AccessDecision decision = gate.admit(caller, head.getVerb(), head.getMethod());
                    if (!decision.allowed()) {
                        fail(resp, GrpcStatus.PERMISSION_DENIED, decision.message());
                        return;
                    }
                    CalleeSpan span = telemetry.calleeCall(config.appId().orElse(""), head.getMethod(),
                            name -> Headers.first(head.getHeadersList(), name));
                    app.call(Headers.withTrace(head, span.headers()), body, caller, cancel).onSuccess(reply -> {
                        FrameSender.send(vertx.getOrCreateContext(), resp, Frames.of(reply.head()), reply.body())
                                .onComplete(ar -> {
                                    if (timer >= 0) {
                                        vertx.cancelTimer(timer);
                                    }
                                    span.end(reply.head().getStatus(), ar.cause());
                                    if (ar.failed()) {
                                        fail(resp, GrpcStatus.INTERNAL,
                                                "error reading the app's answer: " + ar.cause().getMessage());
                                    }
                                });
                    }).onFailure(e -> {
                        span.end(0, e);
                        fail(resp, GrpcStatus.INTERNAL, "error invoking app channel: " + message(e));
                    });
                });
    }

    /** An actor call another sidecar hands to this one (the actor lives here, or its lease holder is known here). */
    private void actorCall(GrpcServerRequest<ActorCall, ActorReply> req) {
        if (mtls.enabled() && peerIdentity(req.connection()).isEmpty()) {
            req.response().status(GrpcStatus.UNAUTHENTICATED).statusMessage("no SPIFFE id in the caller's certificate")
                    .end();
            return;
        }
        actors.serve(req);
    }

    private void proxyCall(HttpServerRequest req) {
        Optional<CallerIdentity> peer = Optional.empty();
        if (mtls.enabled()) {
            peer = peerIdentity(req.connection());
            if (peer.isEmpty()) {
                CalleeProxy.fail(req.response(), Status.Code.UNAUTHENTICATED,
                        "no SPIFFE id in the caller's certificate");
                return;
            }
        }
        proxy.handle(req, peer);
    }

    private static void fail(GrpcServerResponse<InvokeFrame, InvokeFrame> resp, GrpcStatus status, String message) {
        try {
            resp.status(status).statusMessage(message).end();
        } catch (IllegalStateException alreadyEnded) {
            // the caller reset the stream or the deadline answered first
        }
    }

    static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static Optional<CallerIdentity> peerIdentity(HttpConnection connection) {
        try {
            List<Certificate> chain = connection.peerCertificates();
            if (chain != null && !chain.isEmpty() && chain.get(0) instanceof X509Certificate leaf) {
                return CallerIdentity.fromCertificate(leaf);
            }
        } catch (Exception e) {
            LOG.debugf("no peer certificate: %s", e.getMessage());
        }
        return Optional.empty();
    }

    /** gRPC's {@code grpc-timeout} ({@code 100m}, {@code 5S}, ...) in milliseconds; 0 when absent or unreadable. */
    static long deadline(String value) {
        if (value == null || value.length() < 2) {
            return 0;
        }
        long n;
        try {
            n = Long.parseLong(value.substring(0, value.length() - 1));
        } catch (NumberFormatException e) {
            return 0;
        }
        Duration d = switch (value.charAt(value.length() - 1)) {
            case 'H' -> Duration.ofHours(n);
            case 'M' -> Duration.ofMinutes(n);
            case 'S' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMillis(n);
            case 'u' -> Duration.ofNanos(n * 1000);
            case 'n' -> Duration.ofNanos(n);
            default -> Duration.ZERO;
        };
        return Math.max(d.toMillis(), d.isZero() ? 0 : 1);
    }

    void onStop(@Observes @Priority(500) ShutdownEvent event) {
        servers.forEach(HttpServer::close);
    }
}
