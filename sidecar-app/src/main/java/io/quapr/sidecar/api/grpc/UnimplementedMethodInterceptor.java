package io.quapr.sidecar.api.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Words a bare {@code UNIMPLEMENTED} (the generated base class's answer for every RPC we do not
 * serve yet) the way a Go gRPC server does, {@code method PublishEvent not implemented}, so a
 * client learns which RPC it was instead of an empty message.
 */
@ApplicationScoped
public class UnimplementedMethodInterceptor implements ServerInterceptor {

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                if (status.getCode() == Status.Code.UNIMPLEMENTED && status.getDescription() == null) {
                    status = status.withDescription(
                            "method " + call.getMethodDescriptor().getBareMethodName() + " not implemented");
                }
                super.close(status, trailers);
            }
        }, headers);
    }
}
