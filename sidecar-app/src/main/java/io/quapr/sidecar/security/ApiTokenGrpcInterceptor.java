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
import java.util.Iterator;

/**
 * The API token on the gRPC API: every call (any service, streaming or not) must carry
 * {@code dapr-api-token}, or ends {@code UNAUTHENTICATED} with daprd's details before any
 * handler runs. The token is removed from the metadata before the call goes on, so nothing
 * downstream (a proxied call, the app) sees it. Without a token configured this is one boolean
 * check per call.
 */
// the proxy for app gRPC services reads @GlobalInterceptor at run time (ApiProxyHandler): in a native
// executable a class's annotations are there only for a class registered for reflection
@RegisterForReflection(methods = false, fields = false)
@GlobalInterceptor
@ApplicationScoped
public class ApiTokenGrpcInterceptor implements ServerInterceptor, Prioritized {

    /** After the API allow-list ({@link ApiAccessGrpcInterceptor}), as in daprd's chain. */
    static final int PRIORITY = 900;

    private static final ServerCall.Listener<?> NOTHING = new ServerCall.Listener<>() {
    };

    @Inject
    ApiToken token;

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        if (!token.enabled()) {
            return next.startCall(call, headers);
        }
        Iterable<String> values = headers.getAll(ApiToken.GRPC_KEY);
        Iterator<String> it = values == null ? null : values.iterator();
        String failure = null;
        if (it == null || !it.hasNext()) {
            failure = "missing api token in request metadata";
        } else if (!token.matches(it.next())) {
            // daprd compares the first value only
            failure = "authentication error: api token mismatch";
        }
        if (failure != null) {
            StatusRuntimeException e = HttpStatusGrpcErrors.unauthorized(failure);
            call.close(e.getStatus(), e.getTrailers() == null ? new Metadata() : e.getTrailers());
            @SuppressWarnings("unchecked")
            ServerCall.Listener<Q> nothing = (ServerCall.Listener<Q>) NOTHING;
            return nothing;
        }
        ApiToken.strip(headers);
        return next.startCall(call, headers);
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }
}
