package io.quapr.workflow.grpc;

import com.google.protobuf.Empty;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quapr.workflow.InstanceAlreadyExistsException;
import io.quapr.workflow.InstanceNotFoundException;
import io.quapr.workflow.InstanceStillRunningException;
import io.quapr.workflow.InvalidRequestException;
import io.quapr.workflow.WorkItemLostException;
import io.quapr.workflow.WorkItemSink;
import io.quapr.workflow.WorkerConnection;
import io.quapr.workflow.WorkflowEngine;
import io.quapr.workflow.proto.OrchestratorService.AbandonActivityTaskRequest;
import io.quapr.workflow.proto.OrchestratorService.AbandonActivityTaskResponse;
import io.quapr.workflow.proto.OrchestratorService.AbandonOrchestrationTaskRequest;
import io.quapr.workflow.proto.OrchestratorService.AbandonOrchestrationTaskResponse;
import io.quapr.workflow.proto.OrchestratorService.ActivityResponse;
import io.quapr.workflow.proto.OrchestratorService.CompleteTaskResponse;
import io.quapr.workflow.proto.OrchestratorService.CreateInstanceRequest;
import io.quapr.workflow.proto.OrchestratorService.CreateInstanceResponse;
import io.quapr.workflow.proto.OrchestratorService.GetInstanceHistoryRequest;
import io.quapr.workflow.proto.OrchestratorService.GetInstanceHistoryResponse;
import io.quapr.workflow.proto.OrchestratorService.GetInstanceRequest;
import io.quapr.workflow.proto.OrchestratorService.GetInstanceResponse;
import io.quapr.workflow.proto.OrchestratorService.GetWorkItemsRequest;
import io.quapr.workflow.proto.OrchestratorService.HistoryChunk;
import io.quapr.workflow.proto.OrchestratorService.ListInstanceIDsRequest;
import io.quapr.workflow.proto.OrchestratorService.ListInstanceIDsResponse;
import io.quapr.workflow.proto.OrchestratorService.OrchestratorResponse;
import io.quapr.workflow.proto.OrchestratorService.PurgeInstancesRequest;
import io.quapr.workflow.proto.OrchestratorService.PurgeInstancesResponse;
import io.quapr.workflow.proto.OrchestratorService.QueryInstancesRequest;
import io.quapr.workflow.proto.OrchestratorService.QueryInstancesResponse;
import io.quapr.workflow.proto.OrchestratorService.RaiseEventRequest;
import io.quapr.workflow.proto.OrchestratorService.RaiseEventResponse;
import io.quapr.workflow.proto.OrchestratorService.RerunWorkflowFromEventRequest;
import io.quapr.workflow.proto.OrchestratorService.RerunWorkflowFromEventResponse;
import io.quapr.workflow.proto.OrchestratorService.ResumeRequest;
import io.quapr.workflow.proto.OrchestratorService.ResumeResponse;
import io.quapr.workflow.proto.OrchestratorService.StreamInstanceHistoryRequest;
import io.quapr.workflow.proto.OrchestratorService.SuspendRequest;
import io.quapr.workflow.proto.OrchestratorService.SuspendResponse;
import io.quapr.workflow.proto.OrchestratorService.TerminateRequest;
import io.quapr.workflow.proto.OrchestratorService.TerminateResponse;
import io.quapr.workflow.proto.OrchestratorService.WorkItem;
import io.quapr.workflow.proto.TaskHubSidecarServiceGrpc;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code TaskHubSidecarService} (durabletask's gRPC service, path
 * {@code /TaskHubSidecarService/<Method>}) bound to a {@link WorkflowEngine} with plain grpc-java:
 * a {@code BindableService} the sidecar can serve as it is, or read as the reference mapping for
 * its own adapter. Engine exceptions become gRPC status codes ({@link #status}); a caller that
 * cancels a wait stops it; a {@code GetWorkItems} stream that ends disconnects its worker. RPCs
 * the engine does not implement (entities, rewind, task hubs) answer UNIMPLEMENTED.
 */
public final class TaskHubGrpcService extends TaskHubSidecarServiceGrpc.TaskHubSidecarServiceImplBase {

    private final WorkflowEngine engine;

    /** The service for an engine (started by the caller). */
    public TaskHubGrpcService(WorkflowEngine engine) {
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
        // set before the first send: with a cancel handler, sends on a cancelled call are dropped, not thrown
        AtomicReference<WorkerConnection> worker = new AtomicReference<>();
        stream.setOnCancelHandler(() -> {
            WorkerConnection c = worker.get();
            if (c != null) {
                c.close();
            }
        });
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
        worker.set(connection);
        if (stream.isCancelled()) {
            connection.close();
        }
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

    @Override
    public void rerunWorkflowFromEvent(RerunWorkflowFromEventRequest request,
            StreamObserver<RerunWorkflowFromEventResponse> out) {
        reply(engine.rerunWorkflowFromEvent(request), out);
    }

    @Override
    public void listInstanceIDs(ListInstanceIDsRequest request, StreamObserver<ListInstanceIDsResponse> out) {
        reply(engine.listInstanceIds(request), out);
    }

    @Override
    public void getInstanceHistory(GetInstanceHistoryRequest request, StreamObserver<GetInstanceHistoryResponse> out) {
        reply(engine.getInstanceHistory(request), out);
    }

    /** The whole history as one chunk: workers that ask for streaming get it in one message. */
    @Override
    public void streamInstanceHistory(StreamInstanceHistoryRequest request, StreamObserver<HistoryChunk> out) {
        engine.getInstanceHistory(GetInstanceHistoryRequest.newBuilder().setInstanceId(request.getInstanceId()).build())
                .whenComplete((history, error) -> {
                    if (error == null) {
                        out.onNext(HistoryChunk.newBuilder().addAllEvents(history.getEventsList()).build());
                        out.onCompleted();
                    } else {
                        out.onError(status(error).asRuntimeException());
                    }
                });
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

    /**
     * The gRPC status of an engine failure: NOT_FOUND (no such instance, lost work item),
     * ALREADY_EXISTS, FAILED_PRECONDITION (not finished), INVALID_ARGUMENT, else INTERNAL.
     */
    public static Status status(Throwable error) {
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
