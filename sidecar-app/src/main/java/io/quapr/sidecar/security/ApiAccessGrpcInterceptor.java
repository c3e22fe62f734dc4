package io.quapr.sidecar.security;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Prioritized;
import jakarta.inject.Inject;

/**
 * The API allow/deny lists on the gRPC API, as daprd's interceptor applies them: an RPC of
 * {@code dapr.proto.runtime.*} that is denied, or missing from a given allow list, ends
 * {@code UNIMPLEMENTED} ("Not Implemented", {@code http.code} 501, {@code requested endpoint is
 * not available}) before the API token is even checked. Other services (proxied calls) pass.
 */
// the proxy for app gRPC services reads @GlobalInterceptor at run time (ApiProxyHandler): in a native
// executable a class's annotations are there only for a class registered for reflection
@RegisterForReflection(methods = false, fields = false)
@GlobalInterceptor
@ApplicationScoped
public class ApiAccessGrpcInterceptor implements ServerInterceptor, Prioritized {

    /** Higher runs first: before {@link ApiTokenGrpcInterceptor}, as in daprd's chain. */
    static final int PRIORITY = ApiTokenGrpcInterceptor.PRIORITY + 100;

    private static final ServerCall.Listener<?> NOTHING = new ServerCall.Listener<>() {
    };

    @Inject
    ApiAccessRules rules;

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        if (!rules.grpcRestricted() || rules.grpcAllowed(call.getMethodDescriptor().getFullMethodName())) {
            return next.startCall(call, headers);
        }
        StatusRuntimeException e = HttpStatusGrpcErrors.notImplemented("requested endpoint is not available");
        call.close(e.getStatus(), e.getTrailers() == null ? new Metadata() : e.getTrailers());
        @SuppressWarnings("unchecked")
        ServerCall.Listener<Q> nothing = (ServerCall.Listener<Q>) NOTHING;
        return nothing;
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }
}
