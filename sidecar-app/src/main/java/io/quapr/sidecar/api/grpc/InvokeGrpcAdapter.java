package io.quapr.sidecar.api.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.dapr.v1.CommonProtos.HTTPExtension;
import io.dapr.v1.CommonProtos.InvokeResponse;
import io.dapr.v1.DaprInvokeProtos.InvokeServiceRequest;
import io.grpc.Status;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quapr.internal.v1.Header;
import io.quapr.internal.v1.RequestHead;
import io.quapr.sidecar.api.errors.StatusMapping;
import io.quapr.sidecar.invoke.BufferStream;
import io.quapr.sidecar.invoke.Cancellation;
import io.quapr.sidecar.invoke.MethodPath;
import io.quapr.sidecar.invoke.PolicyInvoke;
import io.quapr.sidecar.pubsub.TraceContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code Dapr.InvokeService}: the request's method, data, content type and HTTP extension (verb,
 * query string) become an invocation; the app's body and content type come back as
 * {@code InvokeResponse}. As in daprd, an HTTP app's non-2xx status becomes a gRPC error with
 * the HTTP status text, and a missing verb means {@code POST}.
 */
@ApplicationScoped
public class InvokeGrpcAdapter {

    @Inject
    PolicyInvoke invoke;

    @Inject
    Vertx vertx;

    /** One call, answered once the whole body of the app's answer is read. */
    public Uni<InvokeResponse> invoke(InvokeServiceRequest r, TraceContext trace) {
        var msg = r.getMessage();
        HTTPExtension ext = msg.getHttpExtension();
        String verb = ext.getVerb() == HTTPExtension.Verb.NONE || ext.getVerb() == HTTPExtension.Verb.UNRECOGNIZED
                ? "POST"
                : ext.getVerb().name();
        byte[] data = msg.getData().getValue().toByteArray();
        RequestHead.Builder head = RequestHead.newBuilder().setMethod(MethodPath.clean(msg.getMethod())).setVerb(verb)
                .setQuery(ext.getQuerystring())
                .addHeaders(Header.newBuilder().setName("content-length").setValue(Integer.toString(data.length)))
                .addHeaders(Header.newBuilder().setName("traceparent").setValue(trace.traceparent()));
        if (!msg.getContentType().isEmpty()) {
            head.addHeaders(Header.newBuilder().setName("content-type").setValue(msg.getContentType()));
        }
        if (!trace.tracestate().isEmpty()) {
            head.addHeaders(Header.newBuilder().setName("tracestate").setValue(trace.tracestate()));
        }
        return Uni.createFrom().emitter(em -> vertx.getOrCreateContext().runOnContext(v -> {
            Promise<InvokeResponse> done = Promise.promise();
            done.future().onSuccess(em::complete).onFailure(em::fail);
            Cancellation cancel = new Cancellation();
            em.onTermination(cancel::cancel);
            // under the target's apps.<id> policies, as the HTTP API; the body is whole, so a retry can replay it
            invoke.invoke(r.getId(), head.build(), BufferStream.of(vertx, Buffer.buffer(data)), false, cancel)
                    .onFailure(done::fail)
                    .onSuccess(reply -> {
                        Buffer all = Buffer.buffer();
                        reply.body().handler(all::appendBuffer);
                        reply.body().exceptionHandler(done::tryFail);
                        reply.body().endHandler(x -> {
                            int status = reply.head().getStatus();
                            if (status < 200 || status > 299) {
                                done.tryFail(Status.fromCode(StatusMapping.grpcCodeForHttp(status))
                                        .withDescription(HttpResponseStatus.valueOf(status).reasonPhrase())
                                        .asRuntimeException());
                                return;
                            }
                            String type = reply.head().getHeadersList().stream()
                                    .filter(h -> h.getName().equalsIgnoreCase("content-type")).map(Header::getValue)
                                    .findFirst().orElse("");
                            done.tryComplete(InvokeResponse.newBuilder()
                                    .setData(Any.newBuilder().setValue(ByteString.copyFrom(all.getBytes())))
                                    .setContentType(type).build());
                        });
                        reply.body().resume();
                    });
        }));
    }
}
