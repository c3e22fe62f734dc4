package io.quapr.sidecar.workflow;

import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.quapr.workflow.proto.TaskHubSidecarServiceGrpc;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * durabletask's {@code TaskHubSidecarService} (what the Dapr workflow SDKs speak) on the Dapr gRPC
 * port, next to the Dapr API, behind the same global interceptors (API token, allow-lists,
 * telemetry). Without it these calls would fall through to the gRPC proxy.
 *
 * <p>
 * Quarkus binds gRPC services when its server starts, before the {@code StartupEvent} that
 * loads the components the engine's backend lives in. So this binds every method of the service
 * to a handler that hands each call to the engine's {@code TaskHubGrpcService} at call time; a
 * call in the moment before the engine exists is {@code UNAVAILABLE}, which the SDKs retry.
 */
@GrpcService
@Singleton
public class TaskHubService implements BindableService {

    @Inject
    WorkflowRuntime runtime;

    /** Every method of the service, each forwarding to the engine's binding. */
    @Override
    public ServerServiceDefinition bindService() {
        ServiceDescriptor descriptor = TaskHubSidecarServiceGrpc.getServiceDescriptor();
        ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor);
        for (MethodDescriptor<?, ?> method : descriptor.getMethods()) {
            builder.addMethod(forwarding(method));
        }
        return builder.build();
    }

    private <Q, R> ServerMethodDefinition<Q, R> forwarding(MethodDescriptor<Q, R> method) {
        String name = method.getFullMethodName();
        ServerCallHandler<Q, R> handler = (call, headers) -> {
            ServerServiceDefinition live = runtime.grpcDefinition();
            if (live == null) {
                call.close(Status.UNAVAILABLE.withDescription("the workflow engine is not started yet"),
                        new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
            // the same MethodDescriptor instance is bound there, so the types agree
            @SuppressWarnings("unchecked")
            ServerMethodDefinition<Q, R> target = (ServerMethodDefinition<Q, R>) live.getMethod(name);
            return target.getServerCallHandler().startCall(call, headers);
        };
        return ServerMethodDefinition.create(method, handler);
    }
}
