package io.quapr.sidecar.api.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.dapr.v1.CommonProtos.InvokeResponse;
import io.dapr.v1.DaprActorsProtos.ActorReminder;
import io.dapr.v1.DaprActorsProtos.ExecuteActorStateTransactionRequest;
import io.dapr.v1.DaprActorsProtos.GetActorReminderRequest;
import io.dapr.v1.DaprActorsProtos.GetActorReminderResponse;
import io.dapr.v1.DaprActorsProtos.GetActorStateRequest;
import io.dapr.v1.DaprActorsProtos.GetActorStateResponse;
import io.dapr.v1.DaprActorsProtos.InvokeActorRequest;
import io.dapr.v1.DaprActorsProtos.InvokeActorResponse;
import io.dapr.v1.DaprActorsProtos.ListActorRemindersRequest;
import io.dapr.v1.DaprActorsProtos.ListActorRemindersResponse;
import io.dapr.v1.DaprActorsProtos.NamedActorReminder;
import io.dapr.v1.DaprActorsProtos.RegisterActorReminderRequest;
import io.dapr.v1.DaprActorsProtos.RegisterActorTimerRequest;
import io.dapr.v1.DaprActorsProtos.TransactionalActorStateOperation;
import io.dapr.v1.DaprActorsProtos.UnregisterActorReminderRequest;
import io.dapr.v1.DaprActorsProtos.UnregisterActorRemindersByTypeRequest;
import io.dapr.v1.DaprActorsProtos.UnregisterActorRemindersByTypeResponse;
import io.dapr.v1.DaprActorsProtos.UnregisterActorTimerRequest;
import io.dapr.v1.DaprBindingsProtos.InvokeBindingRequest;
import io.dapr.v1.DaprBindingsProtos.InvokeBindingResponse;
import io.dapr.v1.DaprConfigurationProtos.GetConfigurationRequest;
import io.dapr.v1.DaprConfigurationProtos.GetConfigurationResponse;
import io.dapr.v1.DaprConfigurationProtos.SubscribeConfigurationRequest;
import io.dapr.v1.DaprConfigurationProtos.SubscribeConfigurationResponse;
import io.dapr.v1.DaprConfigurationProtos.UnsubscribeConfigurationRequest;
import io.dapr.v1.DaprConfigurationProtos.UnsubscribeConfigurationResponse;
import io.dapr.v1.DaprInvokeProtos.InvokeServiceRequest;
import io.dapr.v1.DaprJobsProtos.DeleteJobRequest;
import io.dapr.v1.DaprJobsProtos.DeleteJobResponse;
import io.dapr.v1.DaprJobsProtos.DeleteJobsByPrefixRequestAlpha1;
import io.dapr.v1.DaprJobsProtos.DeleteJobsByPrefixResponseAlpha1;
import io.dapr.v1.DaprJobsProtos.GetJobRequest;
import io.dapr.v1.DaprJobsProtos.GetJobResponse;
import io.dapr.v1.DaprJobsProtos.ListJobsRequestAlpha1;
import io.dapr.v1.DaprJobsProtos.ListJobsResponseAlpha1;
import io.dapr.v1.DaprJobsProtos.ScheduleJobRequest;
import io.dapr.v1.DaprJobsProtos.ScheduleJobResponse;
import io.dapr.v1.DaprLockProtos.TryLockRequest;
import io.dapr.v1.DaprLockProtos.TryLockResponse;
import io.dapr.v1.DaprLockProtos.UnlockRequest;
import io.dapr.v1.DaprLockProtos.UnlockResponse;
import io.dapr.v1.DaprMetadataProtos.GetMetadataRequest;
import io.dapr.v1.DaprMetadataProtos.GetMetadataResponse;
import io.dapr.v1.DaprMetadataProtos.SetMetadataRequest;
import io.dapr.v1.DaprProtos.ShutdownRequest;
import io.dapr.v1.DaprPubsubProtos.BulkPublishRequest;
import io.dapr.v1.DaprPubsubProtos.BulkPublishResponse;
import io.dapr.v1.DaprPubsubProtos.PublishEventRequest;
import io.dapr.v1.DaprPubsubProtos.SubscribeTopicEventsRequestAlpha1;
import io.dapr.v1.DaprPubsubProtos.SubscribeTopicEventsResponseAlpha1;
import io.dapr.v1.DaprSecretProtos.GetBulkSecretRequest;
import io.dapr.v1.DaprSecretProtos.GetBulkSecretResponse;
import io.dapr.v1.DaprSecretProtos.GetSecretRequest;
import io.dapr.v1.DaprSecretProtos.GetSecretResponse;
import io.dapr.v1.DaprStateProtos.DeleteBulkStateRequest;
import io.dapr.v1.DaprStateProtos.DeleteStateRequest;
import io.dapr.v1.DaprStateProtos.ExecuteStateTransactionRequest;
import io.dapr.v1.DaprStateProtos.GetBulkStateRequest;
import io.dapr.v1.DaprStateProtos.GetBulkStateResponse;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.dapr.v1.DaprStateProtos.GetStateResponse;
import io.dapr.v1.DaprStateProtos.QueryStateRequest;
import io.dapr.v1.DaprStateProtos.QueryStateResponse;
import io.dapr.v1.DaprStateProtos.SaveStateRequest;
import io.dapr.v1.DaprWorkflowProtos.GetWorkflowRequest;
import io.dapr.v1.DaprWorkflowProtos.GetWorkflowResponse;
import io.dapr.v1.DaprWorkflowProtos.PauseWorkflowRequest;
import io.dapr.v1.DaprWorkflowProtos.PurgeWorkflowRequest;
import io.dapr.v1.DaprWorkflowProtos.RaiseEventWorkflowRequest;
import io.dapr.v1.DaprWorkflowProtos.ResumeWorkflowRequest;
import io.dapr.v1.DaprWorkflowProtos.StartWorkflowRequest;
import io.dapr.v1.DaprWorkflowProtos.StartWorkflowResponse;
import io.dapr.v1.DaprWorkflowProtos.TerminateWorkflowRequest;
import io.dapr.v1.MutinyDaprGrpc;
import io.quapr.sidecar.Shutdown;
import io.quapr.sidecar.actors.ActorReminders;
import io.quapr.sidecar.actors.ActorStates;
import io.quapr.sidecar.actors.ActorsService;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.quapr.sidecar.api.errors.GrpcErrors;
import io.quapr.sidecar.bindings.BindingService;
import io.quapr.sidecar.configuration.ConfigurationService;
import io.quapr.sidecar.jobs.JobsService;
import io.quapr.sidecar.lock.LockService;
import io.quapr.sidecar.metadata.MetadataService;
import io.quapr.sidecar.pubsub.PubSubService;
import io.quapr.sidecar.pubsub.StreamingSubscriptions;
import io.quapr.sidecar.pubsub.TraceContext;
import io.quapr.sidecar.secrets.SecretsService;
import io.quapr.sidecar.state.StateService;
import io.quapr.sidecar.workflow.WorkflowService;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * daprd's gRPC API ({@code dapr.proto.runtime.v1.Dapr}): each RPC translates its request with a
 * mapper, calls the block service the HTTP API calls too, and translates the answer back. Every
 * failure, thrown or failed, leaves as {@link GrpcErrors#toGrpc}, so the code, message and
 * {@code ErrorInfo} are daprd's. RPCs not overridden here answer {@code UNIMPLEMENTED}.
 */
@GrpcService
@RegisterInterceptor(UnimplementedMethodInterceptor.class)
@RegisterInterceptor(TraceHeadersInterceptor.class)
public class DaprGrpcService extends MutinyDaprGrpc.DaprImplBase {

    private static final Empty EMPTY = Empty.getDefaultInstance();

    @Inject
    StateService state;

    @Inject
    SecretsService secrets;

    @Inject
    MetadataService metadata;

    @Inject
    PubSubService pubsub;

    @Inject
    StreamingSubscriptions streams;

    @Inject
    Shutdown shutdown;

    @Inject
    InvokeGrpcAdapter invoke;

    @Inject
    WorkflowService workflows;

    @Inject
    BindingService bindings;

    @Inject
    ConfigurationService configuration;

    @Inject
    LockService locks;

    @Inject
    JobsService jobs;

    @Inject
    ActorsService actors;

    @Override
    public Uni<GetStateResponse> getState(GetStateRequest r) {
        return call(() -> state.get(r.getStoreName(), r.getKey(), r.getMetadataMap(),
                StateProtoMapper.consistency(r.getConsistency())).map(StateProtoMapper::getResponse));
    }

    @Override
    public Uni<GetBulkStateResponse> getBulkState(GetBulkStateRequest r) {
        return call(() -> state.bulkGet(r.getStoreName(), r.getKeysList(), r.getMetadataMap())
                .map(StateProtoMapper::bulkResponse));
    }

    @Override
    public Uni<Empty> saveState(SaveStateRequest r) {
        return call(() -> state.save(r.getStoreName(), StateProtoMapper.saveItems(r)).replaceWith(EMPTY));
    }

    @Override
    public Uni<Empty> deleteState(DeleteStateRequest r) {
        return call(() -> state.delete(r.getStoreName(), StateProtoMapper.deleteItem(r)).replaceWith(EMPTY));
    }

    @Override
    public Uni<Empty> deleteBulkState(DeleteBulkStateRequest r) {
        return call(() -> state.bulkDelete(r.getStoreName(), StateProtoMapper.deleteItems(r)).replaceWith(EMPTY));
    }

    @Override
    public Uni<Empty> executeStateTransaction(ExecuteStateTransactionRequest r) {
        return call(() -> state.transaction(r.getStoreName(), StateProtoMapper.transactionItems(r),
                r.getMetadataMap()).replaceWith(EMPTY));
    }

    @Override
    public Uni<QueryStateResponse> queryStateAlpha1(QueryStateRequest r) {
        return call(() -> state.query(r.getStoreName(), r.getQuery(), r.getMetadataMap())
                .map(StateProtoMapper::queryResponse));
    }

    @Override
    public Uni<GetSecretResponse> getSecret(GetSecretRequest r) {
        return call(() -> secrets.get(r.getStoreName(), r.getKey(), r.getMetadataMap())
                .map(SecretsProtoMapper::secretResponse));
    }

    @Override
    public Uni<GetBulkSecretResponse> getBulkSecret(GetBulkSecretRequest r) {
        return call(() -> secrets.bulkGet(r.getStoreName(), r.getMetadataMap())
                .map(SecretsProtoMapper::bulkSecretResponse));
    }

    @Override
    public Uni<Empty> publishEvent(PublishEventRequest r) {
        return publishCall(() -> {
            TraceContext trace = TraceHeadersInterceptor.current();
            return pubsub.publish(r.getPubsubName(), r.getTopic(), r.getData().toByteArray(),
                    r.getDataContentType(), r.getMetadataMap(), trace, PubSubProtoMapper.rawPayloadMetadata(trace))
                    .replaceWith(EMPTY);
        });
    }

    @Override
    public Uni<BulkPublishResponse> bulkPublishEvent(BulkPublishRequest r) {
        return publishCall(() -> pubsub.bulkPublish(r.getPubsubName(), r.getTopic(), r.getMetadataMap(),
                TraceHeadersInterceptor.current(), () -> PubSubProtoMapper.entries(r))
                .map(PubSubProtoMapper::bulkResponse));
    }

    @Override
    public Uni<BulkPublishResponse> bulkPublishEventAlpha1(BulkPublishRequest r) {
        return bulkPublishEvent(r);
    }

    @Override
    public Multi<SubscribeTopicEventsResponseAlpha1> subscribeTopicEventsAlpha1(
            Multi<SubscribeTopicEventsRequestAlpha1> requests) {
        return streams.open(requests).onFailure().transform(GrpcErrors::toGrpc);
    }

    @Override
    public Uni<InvokeResponse> invokeService(InvokeServiceRequest r) {
        return call(() -> invoke.invoke(r, TraceHeadersInterceptor.current()));
    }

    @Override
    public Uni<StartWorkflowResponse> startWorkflowBeta1(StartWorkflowRequest r) {
        return call(() -> workflows.start(WorkflowProtoMapper.COMPONENT, r.getWorkflowName(), r.getInstanceId(),
                r.getInput().toByteArray(), r.getOptionsMap()).map(WorkflowProtoMapper::startResponse));
    }

    @Override
    public Uni<GetWorkflowResponse> getWorkflowBeta1(GetWorkflowRequest r) {
        return call(() -> workflows.get(WorkflowProtoMapper.COMPONENT, r.getInstanceId())
                .map(WorkflowProtoMapper::getResponse).onFailure(WorkflowProtoMapper::isMissing)
                .recoverWithItem(() -> WorkflowProtoMapper.missing(r.getInstanceId())));
    }

    @Override
    public Uni<Empty> terminateWorkflowBeta1(TerminateWorkflowRequest r) {
        return call(() -> workflows.terminate(WorkflowProtoMapper.COMPONENT, r.getInstanceId()).replaceWith(EMPTY));
    }

    @Override
    public Uni<Empty> raiseEventWorkflowBeta1(RaiseEventWorkflowRequest r) {
        return call(() -> workflows.raiseEvent(WorkflowProtoMapper.COMPONENT, r.getInstanceId(), r.getEventName(),
                r.getEventData().toByteArray()).replaceWith(EMPTY));
    }

    @Override
    public Uni<Empty> pauseWorkflowBeta1(PauseWorkflowRequest r) {
        return call(() -> workflows.pause(WorkflowProtoMapper.COMPONENT, r.getInstanceId()).replaceWith(EMPTY));
    }

    @Override
    public Uni<Empty> resumeWorkflowBeta1(ResumeWorkflowRequest r) {
        return call(() -> workflows.resume(WorkflowProtoMapper.COMPONENT, r.getInstanceId()).replaceWith(EMPTY));
    }

    @Override
    public Uni<Empty> purgeWorkflowBeta1(PurgeWorkflowRequest r) {
        return call(() -> workflows.purge(WorkflowProtoMapper.COMPONENT, r.getInstanceId()).replaceWith(EMPTY));
    }

    // the Alpha1 RPCs: daprd 1.17 still serves them, the same handlers under the old names

    @Override
    public Uni<StartWorkflowResponse> startWorkflowAlpha1(StartWorkflowRequest r) {
        return startWorkflowBeta1(r);
    }

    @Override
    public Uni<GetWorkflowResponse> getWorkflowAlpha1(GetWorkflowRequest r) {
        return getWorkflowBeta1(r);
    }

    @Override
    public Uni<Empty> terminateWorkflowAlpha1(TerminateWorkflowRequest r) {
        return terminateWorkflowBeta1(r);
    }

    @Override
    public Uni<Empty> raiseEventWorkflowAlpha1(RaiseEventWorkflowRequest r) {
        return raiseEventWorkflowBeta1(r);
    }

    @Override
    public Uni<Empty> pauseWorkflowAlpha1(PauseWorkflowRequest r) {
        return pauseWorkflowBeta1(r);
    }

    @Override
    public Uni<Empty> resumeWorkflowAlpha1(ResumeWorkflowRequest r) {
        return resumeWorkflowBeta1(r);
    }

    @Override
    public Uni<Empty> purgeWorkflowAlpha1(PurgeWorkflowRequest r) {
        return purgeWorkflowBeta1(r);
    }

    // configuration and distributed lock (the Alpha1 names are daprd's older names, same handlers)

    @Override
    public Uni<GetConfigurationResponse> getConfiguration(GetConfigurationRequest r) {
        return call(() -> configuration.get(r.getStoreName(), r.getKeysList(), r.getMetadataMap())
                .map(ConfigurationProtoMapper::getResponse));
    }

    @Override
    public Uni<GetConfigurationResponse> getConfigurationAlpha1(GetConfigurationRequest r) {
        return getConfiguration(r);
    }

    @Override
    public Multi<SubscribeConfigurationResponse> subscribeConfiguration(SubscribeConfigurationRequest r) {
        return Multi.createFrom().deferred(() -> configuration.stream(r.getStoreName(), r.getKeysList(),
                r.getMetadataMap())).map(ConfigurationProtoMapper::update).onFailure().transform(GrpcErrors::toGrpc);
    }

    @Override
    public Multi<SubscribeConfigurationResponse> subscribeConfigurationAlpha1(SubscribeConfigurationRequest r) {
        return subscribeConfiguration(r);
    }

    @Override
    public Uni<UnsubscribeConfigurationResponse> unsubscribeConfiguration(UnsubscribeConfigurationRequest r) {
        return call(() -> Uni.createFrom().item(
                ConfigurationProtoMapper.unsubscribeResponse(r.getId(), configuration.stopStream(r.getId()))));
    }

    @Override
    public Uni<UnsubscribeConfigurationResponse> unsubscribeConfigurationAlpha1(UnsubscribeConfigurationRequest r) {
        return unsubscribeConfiguration(r);
    }

    @Override
    public Uni<ScheduleJobResponse> scheduleJobAlpha1(ScheduleJobRequest r) {
        return call(() -> jobs.schedule(r.hasJob() ? r.getJob() : null, r.getOverwrite())
                .map(v -> ScheduleJobResponse.getDefaultInstance()));
    }

    @Override
    public Uni<GetJobResponse> getJobAlpha1(GetJobRequest r) {
        return call(() -> jobs.get(r.getName()).map(job -> GetJobResponse.newBuilder().setJob(job).build()));
    }

    @Override
    public Uni<DeleteJobResponse> deleteJobAlpha1(DeleteJobRequest r) {
        return call(() -> jobs.delete(r.getName()).map(v -> DeleteJobResponse.getDefaultInstance()));
    }

    @Override
    public Uni<ListJobsResponseAlpha1> listJobsAlpha1(ListJobsRequestAlpha1 r) {
        return call(() -> jobs.list().map(all -> ListJobsResponseAlpha1.newBuilder().addAllJobs(all).build()));
    }

    @Override
    public Uni<DeleteJobsByPrefixResponseAlpha1> deleteJobsByPrefixAlpha1(DeleteJobsByPrefixRequestAlpha1 r) {
        return call(() -> jobs.deleteByPrefix(r.getNamePrefix())
                .map(v -> DeleteJobsByPrefixResponseAlpha1.getDefaultInstance()));
    }

    @Override
    public Uni<TryLockResponse> tryLockAlpha1(TryLockRequest r) {
        return call(() -> locks.tryLock(r.getStoreName(), r.getResourceId(), r.getLockOwner(), r.getExpiryInSeconds())
                .map(ok -> TryLockResponse.newBuilder().setSuccess(ok).build()));
    }

    @Override
    public Uni<UnlockResponse> unlockAlpha1(UnlockRequest r) {
        return call(() -> locks.unlock(r.getStoreName(), r.getResourceId(), r.getLockOwner())
                .map(status -> UnlockResponse.newBuilder().setStatusValue(status.ordinal()).build()));
    }

    @Override
    public Uni<InvokeBindingResponse> invokeBinding(InvokeBindingRequest r) {
        return call(() -> bindings.invoke(r.getName(), r.getOperation(), r.getData().toByteArray(),
                r.getMetadataMap()).map(BindingsProtoMapper::response));
    }

    @Override
    public Uni<GetMetadataResponse> getMetadata(GetMetadataRequest r) {
        return call(() -> Uni.createFrom().item(MetadataProtoMapper.response(metadata.get())));
    }

    @Override
    public Uni<Empty> setMetadata(SetMetadataRequest r) {
        return call(() -> {
            metadata.put(r.getKey(), r.getValue());
            return Uni.createFrom().item(EMPTY);
        });
    }

    @Override
    public Uni<Empty> shutdown(ShutdownRequest r) {
        return call(() -> {
            shutdown.request();
            return Uni.createFrom().item(EMPTY);
        });
    }

    /**
     * Runs one RPC: the services validate by throwing, so the body runs inside the {@code Uni},
     * and every failure is rendered the one way.
     */
    @Override
    public Uni<InvokeActorResponse> invokeActor(InvokeActorRequest r) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        r.getMetadataMap().forEach(headers::add);
        return call(() -> actors.invoke(r.getActorType(), r.getActorId(), r.getMethod(), r.getData().toByteArray(),
                headers).map(
                        reply -> InvokeActorResponse.newBuilder().setData(ByteString.copyFrom(reply.body()))
                                .build()));
    }

    @Override
    public Uni<GetActorStateResponse> getActorState(GetActorStateRequest r) {
        return call(() -> actors.getState(r.getActorType(), r.getActorId(), r.getKey()).map(s -> {
            GetActorStateResponse.Builder b = GetActorStateResponse.newBuilder();
            if (s.found()) {
                b.setData(ByteString.copyFrom(s.data())).putAllMetadata(s.metadata());
            }
            return b.build();
        }));
    }

    @Override
    public Uni<Empty> executeActorStateTransaction(ExecuteActorStateTransactionRequest r) {
        return call(() -> {
            List<ActorStates.Operation> ops = new ArrayList<>();
            for (TransactionalActorStateOperation op : r.getOperationsList()) {
                switch (op.getOperationType()) {
                    case "upsert" -> ops.add(new ActorStates.Operation(true, op.getKey(), op.getValue().getValue()
                            .toByteArray(), op.getMetadataMap()));
                    case "delete" -> ops.add(new ActorStates.Operation(false, op.getKey(), null, op
                            .getMetadataMap()));
                    default -> throw new DaprException(ErrorCode.ACTOR_STATE_TRANSACTION_SAVE,
                            "error saving actor transaction state: operation type " + op.getOperationType()
                                    + " not supported");
                }
            }
            return actors.transaction(r.getActorType(), r.getActorId(), ops).map(v -> Empty.getDefaultInstance());
        });
    }

    @Override
    public Uni<Empty> registerActorTimer(RegisterActorTimerRequest r) {
        return call(() -> actors.createTimer(r.getActorType(), r.getActorId(), r.getName(), r.getDueTime(), r
                .getPeriod(), r.getTtl(), r.getCallback(), ActorsService.grpcData(r.getData().toByteArray()))
                .map(v -> Empty.getDefaultInstance()));
    }

    @Override
    public Uni<Empty> unregisterActorTimer(UnregisterActorTimerRequest r) {
        return call(() -> actors.deleteTimer(r.getActorType(), r.getActorId(), r.getName()).map(v -> Empty
                .getDefaultInstance()));
    }

    @Override
    public Uni<Empty> registerActorReminder(RegisterActorReminderRequest r) {
        return call(() -> actors.createReminder(r.getActorType(), r.getActorId(), r.getName(), r.getDueTime(), r
                .getPeriod(), r.getTtl(), ActorsService.grpcData(r.getData().toByteArray()),
                !r.hasOverwrite() || r
                        .getOverwrite(),
                r.hasFailurePolicy() ? r.getFailurePolicy() : null).map(
                        v -> Empty
                                .getDefaultInstance()));
    }

    @Override
    public Uni<Empty> unregisterActorReminder(UnregisterActorReminderRequest r) {
        return call(() -> actors.deleteReminder(r.getActorType(), r.getActorId(), r.getName()).map(v -> Empty
                .getDefaultInstance()));
    }

    @Override
    public Uni<GetActorReminderResponse> getActorReminder(GetActorReminderRequest r) {
        return call(() -> actors.getReminder(r.getActorType(), r.getActorId(), r.getName()).map(rem -> {
            GetActorReminderResponse.Builder b = GetActorReminderResponse.newBuilder().setActorType(r
                    .getActorType()).setActorId(r.getActorId());
            if (!rem.dueTime().isEmpty()) {
                b.setDueTime(rem.dueTime());
            }
            if (!rem.period().isEmpty()) {
                b.setPeriod(rem.period());
            }
            if (!rem.ttl().isEmpty()) {
                b.setTtl(rem.ttl());
            }
            if (rem.data() != null) {
                b.setData(rem.data());
            }
            return b.build();
        }));
    }

    @Override
    public Uni<ListActorRemindersResponse> listActorReminders(ListActorRemindersRequest r) {
        return call(() -> actors.listReminders(r.getActorType(), r.hasActorId() ? r.getActorId() : null).map(all -> {
            ListActorRemindersResponse.Builder b = ListActorRemindersResponse.newBuilder();
            for (ActorReminders.Named n : all) {
                ActorReminder.Builder rem = ActorReminder.newBuilder().setActorType(r.getActorType()).setActorId(n
                        .actorId());
                if (!n.reminder().dueTime().isEmpty()) {
                    rem.setDueTime(n.reminder().dueTime());
                }
                if (!n.reminder().period().isEmpty()) {
                    rem.setPeriod(n.reminder().period());
                }
                if (!n.reminder().ttl().isEmpty()) {
                    rem.setTtl(n.reminder().ttl());
                }
                if (n.reminder().data() != null) {
                    rem.setData(n.reminder().data());
                }
                b.addReminders(NamedActorReminder.newBuilder().setName(n.name()).setReminder(rem));
            }
            return b.build();
        }));
    }

    @Override
    public Uni<UnregisterActorRemindersByTypeResponse> unregisterActorRemindersByType(
            UnregisterActorRemindersByTypeRequest r) {
        return call(() -> actors.deleteReminders(r.getActorType(), r.hasActorId() ? r.getActorId() : null).map(
                v -> UnregisterActorRemindersByTypeResponse.getDefaultInstance()));
    }

    private static <T> Uni<T> call(Supplier<Uni<? extends T>> body) {
        return Uni.createFrom().<T>deferred(body).onFailure().transform(GrpcErrors::toGrpc);
    }

    /** Runs a publish RPC: as {@link #call}, with daprd's gRPC wording of pub/sub errors. */
    private static <T> Uni<T> publishCall(Supplier<Uni<? extends T>> body) {
        return call(() -> Uni.createFrom().<T>deferred(body).onFailure().transform(PubSubProtoMapper::grpcError));
    }
}
