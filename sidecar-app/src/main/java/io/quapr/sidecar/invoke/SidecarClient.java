package io.quapr.sidecar.invoke;

import io.grpc.Status;
import io.quapr.internal.v1.InvokeFrame;
import io.quapr.internal.v1.RequestHead;
import io.quapr.sidecar.eventloop.FlushBatching;
import io.quapr.sidecar.eventloop.PerEventLoop;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.ReadStream;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.client.impl.GrpcClientRequestImpl;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The caller side of the sidecar-to-sidecar channel: an HTTP/2 client per event loop carrying
 * Vert.x gRPC calls, each keeping one connection per target address and multiplexing that loop's
 * calls to the sidecar on it (and a plain HTTP/2 client beside it for proxied gRPC calls,
 * {@link #rawRequest}).
 * A client per event loop, not one for the process: a connection lives on the event loop that
 * opened it, and a call made on another loop would cross threads for every frame both ways.
 * The target bounds the calls in flight on each connection (its
 * {@code quapr.invoke.max-concurrent-calls}); calls beyond that wait in the client's queue for
 * that target, so a slow target holds up only calls to itself. With mTLS the clients present
 * this sidecar's certificate and accept only servers whose chain leads to the trust anchors; a
 * renewed certificate replaces the clients (calls in flight finish on the old ones). The
 * connections batch their flushes ({@link FlushBatching}).
 */
@ApplicationScoped
public class SidecarClient {

    /** Headers also sent as call metadata, so tracing on the other side sees them without the head. */
    private static final List<String> TRACE_HEADERS = List.of("traceparent", "tracestate", "baggage");

    @Inject
    Vertx vertx;

    @Inject
    MtlsCredentials mtls;

    /**
     * The HTTP/2 clients of one TLS identity, replaced together when the certificate is renewed:
     * one for the sidecar-to-sidecar calls, one for proxied gRPC calls.
     */
    private record Clients(HttpClient grpc, HttpClient http) {
    }

    /** The clients of the current certificate, one per event loop. */
    private volatile PerEventLoop<Clients> clients;

    /**
     * Calls the app behind another sidecar.
     *
     * @param address {@code host:port} of its internal gRPC server
     * @param head the request head
     * @param body the request body, paused; {@code null} for none
     * @param timeoutMillis the caller's deadline, sent as {@code grpc-timeout}; 0 for none
     * @param cancel cancelled when the caller goes away: resets the stream
     * @return the app's answer; fails with {@link RemoteCallException} when the other sidecar
     *         refused or failed the call, {@link SidecarUnreachableException} when no connection
     *         could be made, or with the connection's error
     */
    public Future<InvokeReply> call(String address, RequestHead head, ReadStream<Buffer> body, long timeoutMillis,
            Cancellation cancel) {
        return connect(address).map(SidecarClient::invokeCall).compose(req -> {
            cancel.onCancel(req::cancel);
            if (timeoutMillis > 0) {
                req.headers().set("grpc-timeout", timeoutMillis + "m");
            }
            head.getHeadersList().forEach(h -> {
                if (TRACE_HEADERS.contains(h.getName().toLowerCase(Locale.ROOT))) {
                    req.headers().add(h.getName().toLowerCase(Locale.ROOT), h.getValue());
                }
            });
            Future<GrpcClientResponse<InvokeFrame, InvokeFrame>> response = req.response();
            FrameSender.send(vertx.getOrCreateContext(), req, Frames.of(head), body)
                    .onFailure(e -> req.cancel());
            return response.compose(resp -> {
                FrameBody reply = FrameBody.read(resp, cancel);
                return reply.head().recover(
                        t -> Future.failedFuture(resp.status() != null && resp.status() != GrpcStatus.OK
                                ? new RemoteCallException(Status.fromCodeValue(resp.status().code).getCode(),
                                        resp.statusMessage() == null ? "" : resp.statusMessage())
                                : t))
                        .map(frame -> new InvokeReply(frame.getResponse(), reply));
            });
        });
    }

    /**
     * A unary call to another sidecar's internal server (a method other than the invocation
     * stream, such as the actor calls), on this event loop's connection to it.
     *
     * @param method the method as the caller sees it
     * @param timeoutMillis sent as {@code grpc-timeout}; 0 for none
     * @return the answer; fails with {@link SidecarUnreachableException} when no connection could
     *         be made (nothing was sent), {@link RemoteCallException} when the other sidecar closed
     *         the call with a status other than {@code OK}, or with the connection's error
     */
    public <Q, R> Future<R> unary(String address, ServiceMethod<R, Q> method, Q message, long timeoutMillis) {
        return connect(address).compose(http -> {
            GrpcClientRequestImpl<Q, R> req = new GrpcClientRequestImpl<>(http, InvokeMethod.MAX_MESSAGE_SIZE,
                    method.encoder(), method.decoder());
            req.fullMethodName(method.fullMethodName());
            if (timeoutMillis > 0) {
                req.headers().set("grpc-timeout", timeoutMillis + "m");
            }
            Future<GrpcClientResponse<Q, R>> response = req.response();
            req.end(message);
            return response.compose(resp -> {
                Promise<R> answer = Promise.promise();
                AtomicReference<R> last = new AtomicReference<>();
                resp.handler(last::set);
                resp.exceptionHandler(answer::tryFail);
                resp.endHandler(v -> {
                    if (resp.status() == GrpcStatus.OK && last.get() != null) {
                        answer.tryComplete(last.get());
                    } else {
                        answer.tryFail(new RemoteCallException(resp.status() == null
                                ? Status.Code.UNKNOWN
                                : Status.fromCodeValue(resp.status().code).getCode(),
                                resp.statusMessage() == null
                                        ? "no answer"
                                        : resp.statusMessage()));
                    }
                });
                return answer.future();
            });
        });
    }

    /** A stream to the sidecar on this loop's connection to it; no connection: nothing was sent, the call may be made again. */
    private Future<HttpClientRequest> connect(String address) {
        return clients().grpc.request(new RequestOptions().setMethod(HttpMethod.POST).setServer(socketAddress(address)))
                .recover(e -> Future.failedFuture(new SidecarUnreachableException(e)));
    }

    /**
     * Opens a proxied gRPC call to another sidecar's internal server as a plain HTTP/2 request
     * ({@code POST /<fullMethod>}), so its frames and metadata pass through unchanged; same TLS
     * identity as {@link #call}, its own connection per target. The caller adds the headers.
     *
     * @param address {@code host:port} of its internal gRPC server
     * @param fullMethod {@code package.Service/Method}
     */
    public Future<HttpClientRequest> rawRequest(String address, String fullMethod) {
        return clients().http.request(new RequestOptions().setMethod(HttpMethod.POST).setServer(socketAddress(address))
                .setURI("/" + fullMethod));
    }

    /**
     * The gRPC call on an HTTP/2 request, as Vert.x's {@code GrpcClient} makes it; made here
     * because that client keeps its HTTP client to itself, and the connections need
     * {@link FlushBatching}.
     */
    private static GrpcClientRequest<InvokeFrame, InvokeFrame> invokeCall(HttpClientRequest request) {
        GrpcClientRequestImpl<InvokeFrame, InvokeFrame> call = new GrpcClientRequestImpl<>(request,
                InvokeMethod.MAX_MESSAGE_SIZE,
                InvokeMethod.CLIENT.encoder(), InvokeMethod.CLIENT.decoder());
        call.fullMethodName(InvokeMethod.CLIENT.fullMethodName());
        return call;
    }

    static SocketAddress socketAddress(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("address without a port: " + address);
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return SocketAddress.inetSocketAddress(Integer.parseInt(address.substring(colon + 1)), host);
    }

    private Clients clients() {
        PerEventLoop<Clients> byLoop = clients;
        if (byLoop == null) {
            synchronized (this) {
                byLoop = clients;
                if (byLoop == null) {
                    byLoop = newGeneration();
                    clients = byLoop;
                    if (mtls.enabled()) {
                        mtls.onChange(pem -> replace());
                    }
                }
            }
        }
        return byLoop.get();
    }

    /** Clients made with the certificate current when each is made. */
    private PerEventLoop<Clients> newGeneration() {
        return new PerEventLoop<>(() -> create(mtls.enabled() ? mtls.current() : null));
    }

    private Clients create(MtlsCredentials.Pem pem) {
        HttpClientOptions http = new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false).setHttp2MaxPoolSize(1).setKeepAlive(true).setTcpNoDelay(true);
        if (pem != null) {
            // sidecars are addressed by IP or by service name: identity is the chain to the
            // trust anchors and the SPIFFE id, not the host name
            http.setSsl(true).setUseAlpn(true).setVerifyHost(false).setKeyCertOptions(pem.keyCert())
                    .setTrustOptions(pem.trust());
        }
        return new Clients(batched(http), batched(http));
    }

    private HttpClient batched(HttpClientOptions options) {
        return vertx.httpClientBuilder().with(new HttpClientOptions(options)).withConnectHandler(FlushBatching::install)
                .build();
    }

    private void replace() {
        PerEventLoop<Clients> old;
        synchronized (this) {
            old = clients;
            // new clients are made with the renewed certificate as each event loop next calls
            clients = newGeneration();
        }
        if (old != null) {
            // let calls in flight on the old connections finish
            vertx.setTimer(60_000, id -> old.all().forEach(SidecarClient::close));
        }
    }

    private static void close(Clients c) {
        c.grpc.close();
        c.http.close();
    }

    @PreDestroy
    void close() {
        PerEventLoop<Clients> c = clients;
        if (c != null) {
            c.all().forEach(SidecarClient::close);
        }
    }
}
