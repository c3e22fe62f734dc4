package io.quapr.sidecar.telemetry;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quapr.sidecar.api.errors.StatusMapping;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Observes every call of the gRPC API: {@code dapr_grpc_io_server_completed_rpcs} and latency,
 * the call's span (named after the full method as daprd names it, parent from the caller's
 * {@code traceparent} metadata; current while the service runs) and the API log line.
 */
// the proxy for app gRPC services reads @GlobalInterceptor at run time (ApiProxyHandler): in a native
// executable a class's annotations are there only for a class registered for reflection
@RegisterForReflection(methods = false, fields = false)
@GlobalInterceptor
@ApplicationScoped
public class GrpcTelemetry implements ServerInterceptor {

    private static final Metadata.Key<String> USER_AGENT = Metadata.Key.of("user-agent",
            Metadata.ASCII_STRING_MARSHALLER);

    @Inject
    DaprMetrics metrics;

    @Inject
    Tracing tracing;

    @Inject
    ApiLog apiLog;

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        boolean trace = tracing.enabled();
        if (!metrics.enabled() && !trace && !apiLog.enabled()) {
            return next.startCall(call, headers);
        }
        long start = System.nanoTime();
        String method = "/" + call.getMethodDescriptor().getFullMethodName();
        Span span = null;
        if (trace) {
            span = tracing.startFrom(method, SpanKind.CLIENT,
                    k -> headers.get(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER)));
            ApiSpans.grpc(span, method);
        }
        Span s = span;
        ServerCall<Q, R> observed = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                double elapsed = Telemetry.elapsedMs(start);
                metrics.grpcServer(method, StatusMapping.goName(status.getCode()), elapsed);
                if (s != null) {
                    if (!status.isOk()) {
                        s.setStatus(StatusCode.ERROR, status.getCode().name());
                    }
                    s.end();
                }
                if (apiLog.enabled()) {
                    apiLog.grpc(method, status.getCode().value(), (long) elapsed, headers.get(USER_AGENT));
                }
                super.close(status, trailers);
            }
        };
        if (s == null) {
            return next.startCall(observed, headers);
        }
        Context ctx = Context.current().with(s);
        ServerCall.Listener<Q> listener;
        try (Scope ignored = ctx.makeCurrent()) {
            listener = next.startCall(observed, headers);
        }
        // the service's code runs in the listener's callbacks: each sees the call's span as current
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onMessage(Q message) {
                try (Scope ignored = ctx.makeCurrent()) {
                    super.onMessage(message);
                }
            }

            @Override
            public void onHalfClose() {
                try (Scope ignored = ctx.makeCurrent()) {
                    super.onHalfClose();
                }
            }

            @Override
            public void onCancel() {
                try (Scope ignored = ctx.makeCurrent()) {
                    super.onCancel();
                }
            }

            @Override
            public void onComplete() {
                try (Scope ignored = ctx.makeCurrent()) {
                    super.onComplete();
                }
            }

            @Override
            public void onReady() {
                try (Scope ignored = ctx.makeCurrent()) {
                    super.onReady();
                }
            }
        };
    }
}
