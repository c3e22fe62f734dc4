package io.quapr.workflow;

import com.google.protobuf.Empty;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quapr.workflow.proto.OrchestratorService.AbandonActivityTaskRequest;
import io.quapr.workflow.proto.OrchestratorService.AbandonActivityTaskResponse;
import io.quapr.workflow.proto.OrchestratorService.AbandonOrchestrationTaskRequest;
import io.quapr.workflow.proto.OrchestratorService.AbandonOrchestrationTaskResponse;
import io.quapr.workflow.proto.OrchestratorService.ActivityResponse;
import io.quapr.workflow.proto.OrchestratorService.CompleteTaskResponse;
import io.quapr.workflow.proto.OrchestratorService.CreateInstanceRequest;
import io.quapr.workflow.proto.OrchestratorService.CreateInstanceResponse;
import io.quapr.workflow.proto.OrchestratorService.GetInstanceRequest;
import io.quapr.workflow.proto.OrchestratorService.GetInstanceResponse;
import io.quapr.workflow.proto.OrchestratorService.GetWorkItemsRequest;
import io.quapr.workflow.proto.OrchestratorService.OrchestratorResponse;
import io.quapr.workflow.proto.OrchestratorService.PurgeInstancesRequest;
import io.quapr.workflow.proto.OrchestratorService.PurgeInstancesResponse;
import io.quapr.workflow.proto.OrchestratorService.QueryInstancesRequest;
import io.quapr.workflow.proto.OrchestratorService.QueryInstancesResponse;
import io.quapr.workflow.proto.OrchestratorService.RaiseEventRequest;
import io.quapr.workflow.proto.OrchestratorService.RaiseEventResponse;
import io.quapr.workflow.proto.OrchestratorService.ResumeRequest;
import io.quapr.workflow.proto.OrchestratorService.ResumeResponse;
import io.quapr.workflow.proto.OrchestratorService.SuspendRequest;
import io.quapr.workflow.proto.OrchestratorService.SuspendResponse;
import io.quapr.workflow.proto.OrchestratorService.TerminateRequest;
import io.quapr.workflow.proto.OrchestratorService.TerminateResponse;
import io.quapr.workflow.proto.OrchestratorService.WorkItem;
import io.quapr.workflow.proto.TaskHubSidecarServiceGrpc;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A plain grpc-java binding of {@code TaskHubSidecarService} to the engine: how little the
 * sidecar's adapter has to do (and the one the SDK interop test runs against). Engine exceptions
 * map to gRPC status codes.
 */
final class GrpcAdapter extends TaskHubSidecarServiceGrpc.TaskHubSidecarServiceImplBase {

    private final WorkflowEngine engine;

    GrpcAdapter(WorkflowEngine engine) {
        this.engine = engine;
    }

    @Override
    public void hello(Empty request, StreamObserver<Empty> out) {
        out.onNext(Empty.getDefaultInstance());
        out.onCompleted();
    }

    @Override
    public void startInstance(CreateInstanceRequest request, StreamObserver<CreateInstanceResponse> out) {
        reply(engine.startInstance(request), out);
    }

    @Override
    public void getInstance(GetInstanceRequest request, StreamObserver<GetInstanceResponse> out) {
        reply(engine.getInstance(request), out);
    }

    @Override
    public void waitForInstanceStart(GetInstanceRequest request, StreamObserver<GetInstanceResponse> out) {
        waiting(engine.waitForInstanceStart(request), out);
    }

    @Override
    public void waitForInstanceCompletion(GetInstanceRequest request, StreamObserver<GetInstanceResponse> out) {
        waiting(engine.waitForInstanceCompletion(request), out);
    }

    @Override
    public void raiseEvent(RaiseEventRequest request, StreamObserver<RaiseEventResponse> out) {
        reply(engine.raiseEvent(request), out);
    }

    @Override
    public void terminateInstance(TerminateRequest request, StreamObserver<TerminateResponse> out) {
        reply(engine.terminate(request), out);
    }

    @Override
    public void suspendInstance(SuspendRequest request, StreamObserver<SuspendResponse> out) {
        reply(engine.suspend(request), out);
    }

    @Override
    public void resumeInstance(ResumeRequest request, StreamObserver<ResumeResponse> out) {
        reply(engine.resume(request), out);
    }

    @Override
    public void queryInstances(QueryInstancesRequest request, StreamObserver<QueryInstancesResponse> out) {
        reply(engine.queryInstances(request), out);
    }

    @Override
    public void purgeInstances(PurgeInstancesRequest request, StreamObserver<PurgeInstancesResponse> out) {
        reply(engine.purge(request), out);
    }

    @Override
    public void getWorkItems(GetWorkItemsRequest request, StreamObserver<WorkItem> out) {
        ServerCallStreamObserver<WorkItem> stream = (ServerCallStreamObserver<WorkItem>) out;
        WorkerConnection connection = engine.connectWorker(request, new WorkItemSink() {
            @Override
            public void send(WorkItem item) {
                // a stream observer is not thread-safe; the engine sends from several threads
                synchronized (stream) {
                    stream.onNext(item);
                }
            }

            @Override
            public void closed() {
                synchronized (stream) {
                    stream.onCompleted();
                }
            }
        });
        stream.setOnCancelHandler(connection::close);
    }

    @Override
    public void completeOrchestratorTask(OrchestratorResponse request, StreamObserver<CompleteTaskResponse> out) {
        reply(engine.completeOrchestratorTask(request).thenApply(v -> CompleteTaskResponse.getDefaultInstance()), out);
    }

    @Override
    public void completeActivityTask(ActivityResponse request, StreamObserver<CompleteTaskResponse> out) {
        reply(engine.completeActivityTask(request).thenApply(v -> CompleteTaskResponse.getDefaultInstance()), out);
    }

    @Override
    public void abandonTaskOrchestratorWorkItem(AbandonOrchestrationTaskRequest request,
            StreamObserver<AbandonOrchestrationTaskResponse> out) {
        reply(engine.abandonOrchestratorTask(request)
                .thenApply(v -> AbandonOrchestrationTaskResponse.getDefaultInstance()), out);
    }

    @Override
    public void abandonTaskActivityWorkItem(AbandonActivityTaskRequest request,
            StreamObserver<AbandonActivityTaskResponse> out) {
        reply(engine.abandonActivityTask(request).thenApply(v -> AbandonActivityTaskResponse.getDefaultInstance()),
                out);
    }

    private static <T> void waiting(CompletionStage<T> stage, StreamObserver<T> out) {
        // a caller that goes away stops the wait
        ((ServerCallStreamObserver<T>) out).setOnCancelHandler(() -> stage.toCompletableFuture().cancel(false));
        reply(stage, out);
    }

    private static <T> void reply(CompletionStage<T> stage, StreamObserver<T> out) {
        stage.whenComplete((value, error) -> {
            if (error == null) {
                out.onNext(value);
                out.onCompleted();
            } else {
                out.onError(status(error).asRuntimeException());
            }
        });
    }

    static Status status(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        Status s;
        if (e instanceof InstanceNotFoundException || e instanceof WorkItemLostException) {
            s = Status.NOT_FOUND;
        } else if (e instanceof InstanceAlreadyExistsException) {
            s = Status.ALREADY_EXISTS;
        } else if (e instanceof InstanceStillRunningException) {
            s = Status.FAILED_PRECONDITION;
        } else if (e instanceof InvalidRequestException) {
            s = Status.INVALID_ARGUMENT;
        } else {
            s = Status.INTERNAL;
        }
        return s.withDescription(e.getMessage()).withCause(e);
    }
}
