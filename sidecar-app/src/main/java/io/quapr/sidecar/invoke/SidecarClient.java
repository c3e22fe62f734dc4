package io.quapr.sidecar.invoke;

import io.grpc.Status;
import io.quapr.internal.v1.InvokeFrame;
import io.quapr.internal.v1.RequestHead;
import io.quapr.internal.v1.SidecarInvocationGrpc;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.ReadStream;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The caller side of the sidecar-to-sidecar channel: one Vert.x gRPC client for the process,
 * which keeps one HTTP/2 connection per target address and multiplexes every call to that
 * sidecar on it. With mTLS the client presents this sidecar's certificate and accepts only
 * servers whose chain leads to the trust anchors; a renewed certificate replaces the client
 * (calls in flight finish on the old one).
 */
@ApplicationScoped
public class SidecarClient {

    /** Headers also sent as call metadata, so tracing on the other side sees them without the head. */
    private static final List<String> TRACE_HEADERS = List.of("traceparent", "tracestate", "baggage");

    @Inject
    Vertx vertx;

    @Inject
    MtlsCredentials mtls;

    private volatile GrpcClient client;

    /**
     * Calls the app behind another sidecar.
     *
     * @param address {@code host:port} of its internal gRPC server
     * @param head the request head
     * @param body the request body, paused; {@code null} for none
     * @param timeoutMillis the caller's deadline, sent as {@code grpc-timeout}; 0 for none
     * @param cancel cancelled when the caller goes away: resets the stream
     * @return the app's answer; fails with {@link RemoteCallException} when the other sidecar
     *         refused or failed the call, or with the connection's error
     */
    public Future<InvokeReply> call(String address, RequestHead head, ReadStream<Buffer> body, long timeoutMillis,
            Cancellation cancel) {
        return client().request(socketAddress(address), SidecarInvocationGrpc.getInvokeMethod()).compose(req -> {
            cancel.onCancel(req::cancel);
            if (timeoutMillis > 0) {
                req.headers().set("grpc-timeout", timeoutMillis + "m");
            }
            head.getHeadersList().forEach(h -> {
                if (TRACE_HEADERS.contains(h.getName().toLowerCase(java.util.Locale.ROOT))) {
                    req.headers().add(h.getName().toLowerCase(java.util.Locale.ROOT), h.getValue());
                }
            });
            Future<GrpcClientResponse<InvokeFrame, InvokeFrame>> response = req.response();
            if (body == null) {
                req.end(Frames.of(head));
            } else {
                req.write(Frames.of(head));
                Pump.pump(body, req, Frames::data).onComplete(ar -> {
                    if (ar.succeeded()) {
                        req.end();
                    } else {
                        req.cancel();
                    }
                });
            }
            return response.compose(resp -> {
                FrameBody reply = FrameBody.read(resp, cancel);
                return reply.head().recover(t -> Future.failedFuture(resp.status() != null && resp.status() != GrpcStatus.OK
                        ? new RemoteCallException(Status.fromCodeValue(resp.status().code).getCode(),
                                resp.statusMessage() == null ? "" : resp.statusMessage())
                        : t)).map(frame -> new InvokeReply(frame.getResponse(), reply));
            });
        });
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

    private GrpcClient client() {
        GrpcClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = create(mtls.enabled() ? mtls.current() : null);
                    client = c;
                    if (mtls.enabled()) {
                        mtls.onChange(this::replace);
                    }
                }
            }
        }
        return c;
    }

    private GrpcClient create(MtlsCredentials.Pem pem) {
        HttpClientOptions http = new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false).setHttp2MaxPoolSize(1).setKeepAlive(true).setTcpNoDelay(true);
        if (pem != null) {
            // sidecars are addressed by IP or by service name: identity is the chain to the
            // trust anchors and the SPIFFE id, not the host name
            http.setSsl(true).setUseAlpn(true).setVerifyHost(false).setKeyCertOptions(pem.keyCert())
                    .setTrustOptions(pem.trust());
        }
        return GrpcClient.client(vertx,
                new GrpcClientOptions().setTransportOptions(http).setMaxMessageSize(16 * 1024 * 1024));
    }

    private void replace(MtlsCredentials.Pem pem) {
        GrpcClient old;
        synchronized (this) {
            old = client;
            client = create(pem);
        }
        if (old != null) {
            // let calls in flight on the old connections finish
            vertx.setTimer(60_000, id -> old.close());
        }
    }

    @PreDestroy
    void close() {
        GrpcClient c = client;
        if (c != null) {
            c.close();
        }
    }
}
