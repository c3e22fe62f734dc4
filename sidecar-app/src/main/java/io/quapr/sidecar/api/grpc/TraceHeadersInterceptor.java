package io.quapr.sidecar.api.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quapr.sidecar.pubsub.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads the caller's W3C trace headers ({@code traceparent}, {@code tracestate}) into the call's
 * gRPC context, so a published event carries the caller's trace as it does over HTTP.
 */
@ApplicationScoped
public class TraceHeadersInterceptor implements ServerInterceptor {

    private static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent",
            Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> TRACESTATE = Metadata.Key.of("tracestate",
            Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<TraceContext> TRACE = Context.key("quapr-trace");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String traceparent = headers.get(TRACEPARENT);
        if (traceparent == null) {
            return next.startCall(call, headers);
        }
        Context ctx = Context.current().withValue(TRACE, TraceContext.of(traceparent, headers.get(TRACESTATE)));
        return Contexts.interceptCall(ctx, call, headers, next);
    }

    /** The current call's trace context, or a new one when the caller sent none. */
    static TraceContext current() {
        TraceContext t = TRACE.get();
        return t != null ? t : TraceContext.of(null, null);
    }
}
