package io.quapr.sidecar.invoke.grpcproxy;

import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.quapr.sidecar.api.errors.StatusMapping;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.StreamResetException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One proxied call on the gRPC API: the caller's {@link ServerCall} (messages as bytes) joined to
 * an HTTP/2 request to the next hop ({@link ProxyRouter}). Messages go both ways as they come,
 * with back-pressure on each side (the caller's next message is requested once the previous one
 * is written; the answer pauses while the caller cannot take more); the answer's headers, messages,
 * status and trailers reach the caller as the app sent them; the caller's cancellation or deadline
 * resets the request. Everything but grpc-java's callbacks runs on one Vert.x context, so the
 * state needs no locking.
 */
final class ApiProxyCall extends ServerCall.Listener<byte[]> {

    /** HTTP/2's CANCEL error code. */
    private static final long CANCEL = 8;

    private final ServerCall<byte[], byte[]> call;
    private final Context context;
    private HttpClientRequest out;
    private HttpClientResponse in;
    private boolean cancelled;
    private boolean closed;
    private boolean headersSent;
    private boolean ended;
    private Metadata responseHeaders = new Metadata();

    private ApiProxyCall(ServerCall<byte[], byte[]> call, Context context) {
        this.call = call;
        this.context = context;
    }

    /**
     * Starts proxying a call; called where grpc-java starts it, so the API call's span is current.
     *
     * @param trace this sidecar's span as trace headers, empty without tracing
     */
    static ServerCall.Listener<byte[]> start(ServerCall<byte[], byte[]> call, Metadata metadata, ProxyRouter router,
            Context context, Map<String, String> trace) {
        ApiProxyCall p = new ApiProxyCall(call, context);
        String method = call.getMethodDescriptor().getFullMethodName();
        long timeout = remainingMillis(io.grpc.Context.current().getDeadline());
        String target = ProxyRouter.targetId(metadata);
        MultiMap headers = ProxyMetadata.request(metadata);
        context.runOnContext(v -> router.open(target, method, headers, trace, timeout).onComplete(p::opened));
        return p;
    }

    private static long remainingMillis(Deadline deadline) {
        return deadline == null ? 0 : Math.max(1, deadline.timeRemaining(TimeUnit.MILLISECONDS));
    }

    private void opened(AsyncResult<HttpClientRequest> ar) {
        if (ar.failed()) {
            close(statusOf(ar.cause()), new Metadata());
            return;
        }
        out = ar.result();
        if (cancelled) {
            out.reset(CANCEL);
            return;
        }
        out.exceptionHandler(e -> close(statusOf(e), new Metadata()));
        out.response().onComplete(this::responded);
        // the head leaves now, before any message: the app may answer first
        out.sendHead();
        call.request(1);
    }

    @Override
    public void onMessage(byte[] message) {
        context.runOnContext(v -> {
            if (closed || cancelled) {
                return;
            }
            out.write(GrpcFrames.frame(message));
            if (out.writeQueueFull()) {
                out.drainHandler(d -> call.request(1));
            } else {
                call.request(1);
            }
        });
    }

    @Override
    public void onHalfClose() {
        context.runOnContext(v -> {
            if (!closed && !cancelled) {
                ended = true;
                out.end();
            }
        });
    }

    @Override
    public void onCancel() {
        context.runOnContext(v -> {
            cancelled = true;
            if (out != null && !closed) {
                out.reset(CANCEL);
            }
        });
    }

    @Override
    public void onReady() {
        context.runOnContext(v -> {
            if (in != null && !closed) {
                in.resume();
            }
        });
    }

    private void responded(AsyncResult<HttpClientResponse> ar) {
        if (ar.failed()) {
            close(statusOf(ar.cause()), new Metadata());
            return;
        }
        in = ar.result();
        if (in.statusCode() != 200) {
            in.pause();
            close(Status.fromCode(StatusMapping.grpcCodeForNonGrpcAnswer(in.statusCode()))
                    .withDescription("the app answered HTTP " + in.statusCode() + " instead of gRPC"), new Metadata());
            return;
        }
        responseHeaders = ProxyMetadata.toMetadata(in.headers());
        GrpcFrames frames = new GrpcFrames(message -> {
            if (closed || cancelled) {
                return;
            }
            if (!headersSent) {
                headersSent = true;
                call.sendHeaders(responseHeaders);
            }
            call.sendMessage(message);
            if (!call.isReady()) {
                in.pause();
            }
        });
        in.handler(chunk -> {
            try {
                frames.feed(chunk);
            } catch (IllegalStateException e) {
                close(Status.INTERNAL.withDescription("failed proxying server-to-client: " + e.getMessage()),
                        new Metadata());
            }
        });
        in.exceptionHandler(e -> close(statusOf(e), new Metadata()));
        in.endHandler(v -> finish(in, frames));
    }

    /** The app's status and trailers; a trailers-only answer has them among its headers. */
    private void finish(HttpClientResponse resp, GrpcFrames frames) {
        MultiMap source = resp.trailers().contains("grpc-status") ? resp.trailers() : resp.headers();
        Metadata trailers = ProxyMetadata.toMetadata(resp.trailers());
        if (!headersSent) {
            // nothing was sent yet: the headers go out with the trailers, in one frame
            responseHeaders.merge(trailers);
            trailers = responseHeaders;
        }
        Status status;
        String code = source.get("grpc-status");
        if (frames.partial()) {
            status = Status.INTERNAL
                    .withDescription("failed proxying server-to-client: the answer ends inside a message");
        } else if (code == null) {
            status = Status.UNKNOWN.withDescription("the app's answer has no grpc-status");
        } else {
            try {
                status = Status.fromCodeValue(Integer.parseInt(code.trim()))
                        .withDescription(ProxyMetadata.decodeMessage(source.get("grpc-message")));
            } catch (NumberFormatException e) {
                status = Status.UNKNOWN.withDescription("the app's answer has grpc-status " + code);
            }
        }
        close(status, trailers);
    }

    private void close(Status status, Metadata trailers) {
        if (closed) {
            return;
        }
        closed = true;
        if (out != null && !ended) {
            // the answer is complete (or failed) while the caller still had messages to send
            out.reset(CANCEL);
        }
        if (!cancelled) {
            call.close(status, trailers);
        }
    }

    private static Status statusOf(Throwable e) {
        if (e instanceof StatusException s) {
            return s.getStatus();
        }
        if (e instanceof StreamResetException reset) {
            return Status.CANCELLED.withDescription("the next hop reset the stream (code " + reset.getCode() + ")");
        }
        return Status.UNAVAILABLE.withDescription(ProxyRouter.message(e));
    }
}
