package io.quapr.sidecar.invoke;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.dapr.v1.CommonProtos.HTTPExtension;
import io.dapr.v1.CommonProtos.InvokeRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quapr.internal.v1.Header;
import io.quapr.internal.v1.RequestHead;
import io.quapr.internal.v1.ResponseHead;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.api.errors.StatusMapping;
import io.quapr.sidecar.appchannel.AppCallbackChannel;
import io.quapr.sidecar.appchannel.AppChannel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.streams.ReadStream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The last leg of an invocation: this sidecar calls its own app. An HTTP app gets the request
 * as the caller sent it (verb, path, query, headers, streamed body) plus daprd's
 * {@code dapr-caller-app-id}, {@code dapr-caller-namespace} and {@code dapr-callee-app-id}
 * headers, which replace any the caller set; a gRPC app gets {@code AppCallback.OnInvoke} with
 * the HTTP extension (verb, query string).
 */
@ApplicationScoped
public class AppInvoker {

    @Inject
    AppChannel http;

    @Inject
    AppCallbackChannel grpc;

    @Inject
    SidecarConfig config;

    @Inject
    Vertx vertx;

    /**
     * Calls the app once.
     *
     * @param head the request
     * @param body the request body, paused; {@code null} for none
     * @param caller who calls (its headers are set for the app)
     * @param cancel resets the request to the app when cancelled
     * @return the app's answer; fails when the app cannot be reached
     */
    public Future<InvokeReply> call(RequestHead head, ReadStream<Buffer> body, CallerIdentity caller,
            Cancellation cancel) {
        if (grpc.configured()) {
            return callGrpcApp(head, body, caller);
        }
        if (!http.configured()) {
            return Future.failedFuture(new IllegalStateException("app channel is not initialized"));
        }
        String uri = "/" + MethodPath.encode(head.getMethod())
                + (head.getQuery().isEmpty() ? "" : "?" + head.getQuery());
        return http.open(HttpMethod.valueOf(head.getVerb()), uri).compose(req -> {
            cancel.onCancel(req::reset);
            Headers.copy(head.getHeadersList(), req.headers());
            identityHeaders(caller).forEach(req.headers()::set);
            return send(req, head, body);
        }).map(resp -> {
            resp.pause();
            return new InvokeReply(ResponseHead.newBuilder().setStatus(resp.statusCode())
                    .addAllHeaders(Headers.toProto(resp.headers())).build(), resp);
        });
    }

    /** Sends the request with the caller's body: streamed, chunked when its length is unknown. */
    static Future<HttpClientResponse> send(HttpClientRequest req, RequestHead head, ReadStream<Buffer> body) {
        if (body == null) {
            return req.send();
        }
        if (!req.headers().contains("content-length")) {
            if (!head.getStreamedBody()) {
                // the caller sent no body; the stream's end is all that is left of it
                body.resume();
                return req.send();
            }
            req.setChunked(true);
        }
        return req.send(body);
    }

    /** daprd's identity headers, replacing whatever the caller put there. */
    private Map<String, String> identityHeaders(CallerIdentity caller) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(Headers.CALLER_APP_ID, caller.appId());
        if (!caller.namespace().isEmpty()) {
            h.put(Headers.CALLER_NAMESPACE, caller.namespace());
        }
        h.put(Headers.CALLEE_APP_ID, config.appId().orElse(""));
        return h;
    }

    private Future<InvokeReply> callGrpcApp(RequestHead head, ReadStream<Buffer> body, CallerIdentity caller) {
        Future<Buffer> data = body == null ? Future.succeededFuture(Buffer.buffer()) : collect(body);
        return data.compose(bytes -> {
            String contentType = "";
            Map<String, String> md = new LinkedHashMap<>();
            for (Header h : head.getHeadersList()) {
                if (h.getName().equalsIgnoreCase("content-type")) {
                    contentType = h.getValue();
                } else {
                    md.putIfAbsent(h.getName().toLowerCase(Locale.ROOT), h.getValue());
                }
            }
            md.putAll(identityHeaders(caller));
            InvokeRequest request = InvokeRequest.newBuilder().setMethod(head.getMethod())
                    .setData(Any.newBuilder().setValue(ByteString.copyFrom(bytes.getBytes())))
                    .setContentType(contentType)
                    .setHttpExtension(HTTPExtension.newBuilder().setVerb(verb(head.getVerb()))
                            .setQuerystring(head.getQuery()))
                    .build();
            Promise<InvokeReply> reply = Promise.promise();
            Context ctx = vertx.getOrCreateContext();
            grpc.onInvoke(request, md, Duration.ZERO).subscribe().with(r -> ctx.runOnContext(v -> {
                ResponseHead.Builder rh = ResponseHead.newBuilder().setStatus(200);
                if (!r.getContentType().isEmpty()) {
                    rh.addHeaders(Header.newBuilder().setName("content-type").setValue(r.getContentType()));
                }
                reply.complete(new InvokeReply(rh.build(),
                        BufferStream.of(vertx, Buffer.buffer(r.getData().getValue().toByteArray()))));
            }), e -> ctx.runOnContext(v -> {
                if (e instanceof StatusRuntimeException s) {
                    reply.complete(grpcError(s.getStatus()));
                } else {
                    reply.fail(e);
                }
            }));
            return reply.future();
        });
    }

    /** daprd answers an HTTP caller of a gRPC app's error with the HTTP status for the code and the status as JSON. */
    private InvokeReply grpcError(Status status) {
        String json = "{\"code\":" + status.getCode().value() + ",\"message\":"
                + Json.encode(status.getDescription() == null ? "" : status.getDescription())
                + ",\"details\":[]}";
        ResponseHead head = ResponseHead.newBuilder().setStatus(StatusMapping.httpStatusForGrpc(status.getCode()))
                .addHeaders(Header.newBuilder().setName("content-type").setValue("application/json")).build();
        return new InvokeReply(head, BufferStream.of(vertx, Buffer.buffer(json)));
    }

    private static HTTPExtension.Verb verb(String verb) {
        try {
            return HTTPExtension.Verb.valueOf(verb.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return HTTPExtension.Verb.NONE;
        }
    }

    /** Reads a whole body: only for gRPC apps, whose {@code OnInvoke} takes the body in one message. */
    private static Future<Buffer> collect(ReadStream<Buffer> body) {
        Promise<Buffer> all = Promise.promise();
        Buffer acc = Buffer.buffer();
        body.handler(acc::appendBuffer);
        body.endHandler(v -> all.tryComplete(acc));
        body.exceptionHandler(all::tryFail);
        body.resume();
        return all.future();
    }
}
