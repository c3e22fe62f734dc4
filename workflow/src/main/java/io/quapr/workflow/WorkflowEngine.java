package io.quapr.workflow;

import com.google.protobuf.BoolValue;
import io.quapr.workflow.WorkflowObserver.Operation;
import io.quapr.workflow.backend.DurableTimer;
import io.quapr.workflow.backend.OrchestrationStep;
import io.quapr.workflow.backend.OrchestrationWorkItem;
import io.quapr.workflow.backend.WorkflowBackend;
import io.quapr.workflow.proto.OrchestratorService.AbandonActivityTaskRequest;
import io.quapr.workflow.proto.OrchestratorService.AbandonOrchestrationTaskRequest;
import io.quapr.workflow.proto.OrchestratorService.ActivityResponse;
import io.quapr.workflow.proto.OrchestratorService.CreateInstanceRequest;
import io.quapr.workflow.proto.OrchestratorService.CreateInstanceResponse;
import io.quapr.workflow.proto.OrchestratorService.CreateOrchestrationAction;
import io.quapr.workflow.proto.OrchestratorService.EventRaisedEvent;
import io.quapr.workflow.proto.OrchestratorService.ExecutionResumedEvent;
import io.quapr.workflow.proto.OrchestratorService.ExecutionStartedEvent;
import io.quapr.workflow.proto.OrchestratorService.ExecutionSuspendedEvent;
import io.quapr.workflow.proto.OrchestratorService.ExecutionTerminatedEvent;
import io.quapr.workflow.proto.OrchestratorService.GetInstanceHistoryRequest;
import io.quapr.workflow.proto.OrchestratorService.GetInstanceHistoryResponse;
import io.quapr.workflow.proto.OrchestratorService.GetInstanceRequest;
import io.quapr.workflow.proto.OrchestratorService.GetInstanceResponse;
import io.quapr.workflow.proto.OrchestratorService.GetWorkItemsRequest;
import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.InstanceQuery;
import io.quapr.workflow.proto.OrchestratorService.ListInstanceIDsRequest;
import io.quapr.workflow.proto.OrchestratorService.ListInstanceIDsResponse;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationInstance;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationState;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationStatus;
import io.quapr.workflow.proto.OrchestratorService.OrchestratorResponse;
import io.quapr.workflow.proto.OrchestratorService.PurgeInstanceFilter;
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
import io.quapr.workflow.proto.OrchestratorService.SuspendRequest;
import io.quapr.workflow.proto.OrchestratorService.SuspendResponse;
import io.quapr.workflow.proto.OrchestratorService.TerminateRequest;
import io.quapr.workflow.proto.OrchestratorService.TerminateResponse;
import io.quapr.workflow.runtime.Events;
import io.quapr.workflow.runtime.Histories;
import io.quapr.workflow.runtime.InstanceWaiters;
import io.quapr.workflow.runtime.Protos;
import io.quapr.workflow.runtime.RerunPlanner;
import io.quapr.workflow.runtime.TimerScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The durable workflow runtime on top of a {@link WorkflowBackend}: the operations of durabletask's
 * {@code TaskHubSidecarService}, transport-agnostic (the sidecar's gRPC and HTTP adapters call
 * these methods), taking and returning the protocol's messages.
 *
 * <p>
 * Workers connect with {@link #connectWorker} and receive orchestrator and activity work items;
 * they answer with {@link #completeOrchestratorTask} and {@link #completeActivityTask}. The engine
 * applies each answer's actions to the history (durabletask's replay model) and commits them
 * through the backend in one transaction. Nothing here blocks or polls: every method returns a
 * stage that completes when the backend has answered.
 */
public final class WorkflowEngine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkflowEngine.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final WorkflowBackend backend;
    private final Configuration config;
    private final Clock clock;
    private final TimerScheduler scheduler;
    private final InstanceWaiters waiters = new InstanceWaiters();
    private final WorkDispatcher dispatcher;
    private final WorkflowObserver observer;
    private final RunReporter reports;

    /** An engine on a backend with the system clock; {@link #start} it before use. */
    public WorkflowEngine(WorkflowBackend backend, Configuration config) {
        this(backend, config, Clock.systemUTC());
    }

    /**
     * An engine on a backend; {@link #start} it before use.
     *
     * @param backend where instances live; the engine closes it
     * @param config limits, lease, retention
     * @param clock the time source for event timestamps and timers (tests pass one they move)
     */
    public WorkflowEngine(WorkflowBackend backend, Configuration config, Clock clock) {
        this(backend, config, clock, WorkflowObserver.NONE);
    }

    /**
     * An engine on a backend that reports what it does; {@link #start} it before use.
     *
     * @param backend where instances live; the engine closes it
     * @param config limits, lease, retention
     * @param clock the time source for event timestamps and timers (tests pass one they move)
     * @param observer told of operations, runs and activities (metrics)
     */
    public WorkflowEngine(WorkflowBackend backend, Configuration config, Clock clock, WorkflowObserver observer) {
        this.backend = backend;
        this.config = config;
        this.clock = clock;
        this.observer = observer;
        this.reports = new RunReporter(observer, clock);
        this.scheduler = new TimerScheduler(clock);
        this.dispatcher = new WorkDispatcher(backend, config, scheduler, clock, this::commit, reports);
    }

    /**
     * Starts the backend (recovering what a previous engine left pending), schedules the pending
     * timers and retention purges, and starts handing out work.
     */
    public CompletionStage<Void> start() {
        return backend.start().thenCompose(v -> backend.pendingTimers()).thenCompose(timers -> {
            timers.forEach(this::schedule);
            return scheduleRetentionOfFinished();
        }).thenRun(dispatcher::start);
    }

    // ---- client operations

    /**
     * Starts a workflow instance (RPC {@code StartInstance}). An empty instance id gets a random
     * one; an id containing {@code ||} is refused ({@link InvalidRequestException}). An id that
     * belongs to an instance that has not finished is refused with
     * {@link InstanceAlreadyExistsException}, unless the request's reuse policy says to ignore
     * the request or terminate the running instance; a finished instance is replaced.
     */
    public CompletionStage<CreateInstanceResponse> startInstance(CreateInstanceRequest request) {
        String id = request.getInstanceId().isEmpty() ? UUID.randomUUID().toString() : request.getInstanceId();
        if (id.contains("||")) {
            // the state-store key separator: an id containing it could name another instance's keys
            return CompletableFuture.failedFuture(new InvalidRequestException("workflow instance ID '" + id
                    + "' must not contain '||'"));
        }
        String executionId = request.hasExecutionId()
                ? request.getExecutionId().getValue()
                : UUID.randomUUID().toString();
        ExecutionStartedEvent.Builder started = ExecutionStartedEvent.newBuilder().setName(request.getName())
                .setOrchestrationInstance(OrchestrationInstance.newBuilder().setInstanceId(id)
                        .setExecutionId(Protos.string(executionId)))
                .putAllTags(request.getTagsMap());
        if (request.hasVersion()) {
            started.setVersion(request.getVersion());
        }
        if (request.hasInput()) {
            started.setInput(request.getInput());
        }
        if (request.hasScheduledStartTimestamp()) {
            started.setScheduledStartTimestamp(request.getScheduledStartTimestamp());
        }
        if (request.hasParentTraceContext()) {
            started.setParentTraceContext(request.getParentTraceContext());
        }
        CreateOrchestrationAction ifRunning = request.hasOrchestrationIdReusePolicy()
                ? request.getOrchestrationIdReusePolicy().getAction()
                : CreateOrchestrationAction.ERROR;
        HistoryEvent event = Events.event(-1, clock.instant()).setExecutionStarted(started).build();
        return observed(Operation.CREATE_WORKFLOW, () -> backend.createInstance(event, ifRunning))
                .thenApply(created -> CreateInstanceResponse.newBuilder().setInstanceId(id).build());
    }

    /** The instance's metadata (RPC {@code GetInstance}); {@code exists=false} when there is none. */
    public CompletionStage<GetInstanceResponse> getInstance(GetInstanceRequest request) {
        return backend.getInstance(request.getInstanceId())
                .thenApply(s -> response(s.orElse(null), request.getGetInputsAndOutputs()));
    }

    /** Completes once the instance has started running (or finished) (RPC {@code WaitForInstanceStart}). */
    public CompletionStage<GetInstanceResponse> waitForInstanceStart(GetInstanceRequest request) {
        return await(request, s -> s.getOrchestrationStatus() != OrchestrationStatus.ORCHESTRATION_STATUS_PENDING);
    }

    /** Completes once the instance has completed, failed or been terminated (RPC {@code WaitForInstanceCompletion}). */
    public CompletionStage<GetInstanceResponse> waitForInstanceCompletion(GetInstanceRequest request) {
        return await(request, s -> Histories.isTerminal(s.getOrchestrationStatus()));
    }

    /**
     * Waits without polling: the waiter is registered before the state is read, so a change
     * between the two cannot be missed. The caller cancels the stage to stop waiting.
     */
    private CompletionStage<GetInstanceResponse> await(GetInstanceRequest request,
            Predicate<OrchestrationState> condition) {
        CompletableFuture<OrchestrationState> waiter = waiters.await(request.getInstanceId(), condition);
        backend.getInstance(request.getInstanceId()).whenComplete((state, error) -> {
            if (error != null) {
                waiter.completeExceptionally(error);
            } else if (state.isEmpty()) {
                waiter.complete(null);
            } else if (condition.test(state.get())) {
                waiter.complete(state.get());
            }
        });
        CompletableFuture<GetInstanceResponse> result = waiter
                .thenApply(s -> response(s, request.getGetInputsAndOutputs()));
        // cancelling what the caller holds must drop the registered waiter too
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                waiter.cancel(false);
            }
        });
        return result;
    }

    private static GetInstanceResponse response(OrchestrationState state, boolean withPayloads) {
        if (state == null) {
            return GetInstanceResponse.newBuilder().setExists(false).build();
        }
        OrchestrationState s = withPayloads ? state : state.toBuilder().clearInput().clearOutput().build();
        return GetInstanceResponse.newBuilder().setExists(true).setOrchestrationState(s).build();
    }

    /**
     * Raises an event (RPC {@code RaiseEvent}). An event that arrives before the workflow waits for
     * it is kept in its history and delivered when it does.
     */
    public CompletionStage<RaiseEventResponse> raiseEvent(RaiseEventRequest request) {
        EventRaisedEvent.Builder raised = EventRaisedEvent.newBuilder().setName(request.getName());
        if (request.hasInput()) {
            raised.setInput(request.getInput());
        }
        return addEvent(request.getInstanceId(), Events.event(-1, clock.instant()).setEventRaised(raised).build())
                .thenApply(v -> RaiseEventResponse.getDefaultInstance());
    }

    /**
     * Terminates an instance (RPC {@code TerminateInstance}); with {@code recursive}, its running
     * sub-orchestrations too. The engine terminates it itself, so no worker needs to run.
     */
    public CompletionStage<TerminateResponse> terminate(TerminateRequest request) {
        ExecutionTerminatedEvent.Builder terminated = ExecutionTerminatedEvent.newBuilder()
                .setRecurse(request.getRecursive());
        if (request.hasOutput()) {
            terminated.setInput(request.getOutput());
        }
        return addEvent(request.getInstanceId(),
                Events.event(-1, clock.instant()).setExecutionTerminated(terminated).build())
                .thenApply(v -> TerminateResponse.getDefaultInstance());
    }

    /** Suspends an instance (RPC {@code SuspendInstance}): new events wait in its inbox until it is resumed. */
    public CompletionStage<SuspendResponse> suspend(SuspendRequest request) {
        ExecutionSuspendedEvent.Builder e = ExecutionSuspendedEvent.newBuilder();
        if (request.hasReason()) {
            e.setInput(request.getReason());
        }
        return addEvent(request.getInstanceId(), Events.event(-1, clock.instant()).setExecutionSuspended(e).build())
                .thenApply(v -> SuspendResponse.getDefaultInstance());
    }

    /** Resumes a suspended instance (RPC {@code ResumeInstance}); the events it buffered run. */
    public CompletionStage<ResumeResponse> resume(ResumeRequest request) {
        ExecutionResumedEvent.Builder e = ExecutionResumedEvent.newBuilder();
        if (request.hasReason()) {
            e.setInput(request.getReason());
        }
        return addEvent(request.getInstanceId(), Events.event(-1, clock.instant()).setExecutionResumed(e).build())
                .thenApply(v -> ResumeResponse.getDefaultInstance());
    }

    private CompletionStage<Void> addEvent(String instanceId, HistoryEvent event) {
        return observed(Operation.ADD_EVENT, () -> backend.addEvent(instanceId, event));
    }

    /** Calls the backend and reports the operation when its stage completes. */
    private <T> CompletionStage<T> observed(Operation operation, Supplier<CompletionStage<T>> call) {
        long start = System.nanoTime();
        return call.get().whenComplete((r, error) -> observer.operation(operation, error == null,
                Duration.ofNanos(System.nanoTime() - start)));
    }

    /**
     * Deletes finished instances (RPC {@code PurgeInstances}): one by id, or every one matching the
     * filter; with {@code recursive}, the sub-orchestrations they created too. Purging an instance
     * that has not finished fails with {@link InstanceStillRunningException}.
     */
    public CompletionStage<PurgeInstancesResponse> purge(PurgeInstancesRequest request) {
        if (request.hasPurgeInstanceFilter()) {
            PurgeInstanceFilter f = request.getPurgeInstanceFilter();
            InstanceQuery.Builder q = InstanceQuery.newBuilder();
            if (f.getRuntimeStatusList().isEmpty()) {
                q.addRuntimeStatus(OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED)
                        .addRuntimeStatus(OrchestrationStatus.ORCHESTRATION_STATUS_FAILED)
                        .addRuntimeStatus(OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED);
            } else {
                q.addAllRuntimeStatus(f.getRuntimeStatusList());
            }
            if (f.hasCreatedTimeFrom()) {
                q.setCreatedTimeFrom(f.getCreatedTimeFrom());
            }
            if (f.hasCreatedTimeTo()) {
                q.setCreatedTimeTo(f.getCreatedTimeTo());
            }
            return backend.queryInstances(q.build()).thenCompose(found -> {
                CompletionStage<Integer> chain = CompletableFuture.completedFuture(0);
                for (OrchestrationState s : found.getOrchestrationStateList()) {
                    chain = chain.thenCompose(n -> purgeOne(s.getInstanceId(), request.getRecursive())
                            .thenApply(m -> n + m));
                }
                return chain.thenApply(WorkflowEngine::purged);
            });
        }
        return purgeOne(request.getInstanceId(), request.getRecursive()).thenApply(WorkflowEngine::purged);
    }

    private CompletionStage<Integer> purgeOne(String instanceId, boolean recursive) {
        long start = System.nanoTime();
        return backend.purge(instanceId, recursive).whenComplete((n, error) -> {
            // an instance that is not there was not purged, and is not a failure of the backend
            if (error != null || n > 0) {
                observer.operation(Operation.PURGE_WORKFLOW, error == null,
                        Duration.ofNanos(System.nanoTime() - start));
            }
        }).thenApply(n -> {
            if (n > 0) {
                waiters.removed(instanceId);
            }
            return n;
        });
    }

    private static PurgeInstancesResponse purged(int count) {
        return PurgeInstancesResponse.newBuilder().setDeletedInstanceCount(count)
                .setIsComplete(BoolValue.of(true)).build();
    }

    /**
     * Reruns a finished workflow from one of its activities or child workflows (RPC
     * {@code RerunWorkflowFromEvent}) as a new instance: the history up to that event is kept, the
     * task runs again (with the new input when {@code overwriteInput}), and the workflow carries
     * on from there. Fails with {@link InstanceNotFoundException}, with
     * {@link InstanceStillRunningException} for a source that has not finished, and with
     * {@link InvalidRequestException} for a child workflow or an event that is not a task.
     */
    public CompletionStage<RerunWorkflowFromEventResponse> rerunWorkflowFromEvent(
            RerunWorkflowFromEventRequest request) {
        String source = request.getSourceInstanceID();
        String newId = request.hasNewInstanceID() && !request.getNewInstanceID().isEmpty()
                ? request.getNewInstanceID()
                : UUID.randomUUID().toString();
        return backend.getInstance(source).thenCompose(state -> {
            if (state.isEmpty()) {
                throw new InstanceNotFoundException(source);
            }
            if (!Histories.isTerminal(state.get().getOrchestrationStatus())) {
                throw new InstanceStillRunningException(source);
            }
            if (state.get().hasParentInstanceId()) {
                throw new InvalidRequestException("'" + source + "': cannot rerun from child-workflows");
            }
            return backend.getHistory(source).thenCompose(history -> {
                RerunPlanner.Plan plan = RerunPlanner.plan(state.get(), history, newId, request, clock.instant());
                return backend.importInstance(plan.state(), plan.step()).thenRun(() -> {
                    waiters.changed(plan.state());
                    plan.step().timers().forEach(this::schedule);
                });
            });
        }).thenApply(v -> RerunWorkflowFromEventResponse.newBuilder().setNewInstanceID(newId).build());
    }

    /** The instances matching a query, paged (RPC {@code QueryInstances}). */
    public CompletionStage<QueryInstancesResponse> queryInstances(QueryInstancesRequest request) {
        return backend.queryInstances(request.getQuery());
    }

    /** One page of instance ids in id order (RPC {@code ListInstanceIDs}). */
    public CompletionStage<ListInstanceIDsResponse> listInstanceIds(ListInstanceIDsRequest request) {
        String token = request.hasContinuationToken() ? request.getContinuationToken() : null;
        int size = request.hasPageSize() ? request.getPageSize() : 0;
        return backend.listInstanceIds(token, size).thenApply(page -> {
            ListInstanceIDsResponse.Builder r = ListInstanceIDsResponse.newBuilder()
                    .addAllInstanceIds(page.instanceIds());
            if (page.continuationToken() != null) {
                r.setContinuationToken(page.continuationToken());
            }
            return r.build();
        });
    }

    /** The instance's full history (RPC {@code GetInstanceHistory}); fails with {@link InstanceNotFoundException}. */
    public CompletionStage<GetInstanceHistoryResponse> getInstanceHistory(GetInstanceHistoryRequest request) {
        return backend.getHistory(request.getInstanceId())
                .thenApply(h -> GetInstanceHistoryResponse.newBuilder().addAllEvents(h).build());
    }

    // ---- worker operations

    /**
     * Registers a worker stream (RPC {@code GetWorkItems}): from now on the engine sends it work
     * items, at most the request's (or the configuration's, if lower) number of each kind at a
     * time. Close the returned connection when the stream ends.
     */
    public WorkerConnection connectWorker(GetWorkItemsRequest request, WorkItemSink sink) {
        return dispatcher.connect(request, sink);
    }

    /**
     * How many worker streams are connected now: each open {@link #connectWorker} connection
     * counts once until it is closed (daprd's {@code connectedWorkers} in its metadata).
     */
    public int connectedWorkers() {
        return dispatcher.connectedWorkers();
    }

    /**
     * A worker's answer to an orchestrator work item (RPC {@code CompleteOrchestratorTask}),
     * matched by completion token, or by instance id when the token is empty. Fails with
     * {@link WorkItemLostException} when the work item's lease was lost.
     */
    public CompletionStage<Void> completeOrchestratorTask(OrchestratorResponse response) {
        return dispatcher.completeOrchestration(response);
    }

    /**
     * A worker's answer to an activity work item (RPC {@code CompleteActivityTask}): the result, or
     * failure details that reach the workflow as {@code TaskFailed}.
     */
    public CompletionStage<Void> completeActivityTask(ActivityResponse response) {
        return dispatcher.completeActivity(response);
    }

    /** The worker gives an orchestrator work item back (RPC {@code AbandonTaskOrchestratorWorkItem}). */
    public CompletionStage<Void> abandonOrchestratorTask(AbandonOrchestrationTaskRequest request) {
        return dispatcher.abandon(request.getCompletionToken());
    }

    /** The worker gives an activity work item back (RPC {@code AbandonTaskActivityWorkItem}). */
    public CompletionStage<Void> abandonActivityTask(AbandonActivityTaskRequest request) {
        return dispatcher.abandon(request.getCompletionToken());
    }

    /**
     * Fires the timers (and retention purges) that are due by the clock now. The scheduler does
     * this by itself; a test that moves its clock calls it so as not to wait.
     */
    public void checkTimers() {
        scheduler.check();
    }

    // ---- internals

    /** Commits a step; afterwards wakes waiters and arms the step's timers. */
    private CompletionStage<Void> commit(OrchestrationWorkItem item, OrchestrationStep step) {
        // the step's time, not the callback's: a waiter woken by the commit may move on (and a
        // test's clock with it) before the callback reaches the report
        Instant stepTime = clock.instant();
        return backend.completeOrchestrationWorkItem(item, step).whenComplete((v, error) -> {
            if (error == null) {
                // reported before waiters wake: whoever sees the instance finished sees it counted
                reports.committed(item, step, stepTime);
                waiters.changed(step.state());
                step.timers().forEach(this::schedule);
                if (Histories.isTerminal(step.state().getOrchestrationStatus())) {
                    scheduleRetention(step.state());
                }
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause()
                    : error;
            if (!(cause instanceof WorkItemLostException)) {
                // a store failure: keep the lease a moment so a broken store is not hammered, then retry
                LOG.warnf(cause, "workflow %s: could not commit a step; retrying", item.instanceId());
                scheduler.after(RETRY, () -> backend.abandonOrchestrationWorkItem(item));
            }
            reports.notCommitted(item);
        });
    }

    private void schedule(DurableTimer timer) {
        scheduler.at(timer.fireAt(), () -> backend.fireTimer(timer, timer.firedEvent(clock.instant()))
                .whenComplete((v, error) -> {
                    if (error != null) {
                        LOG.warnf(error, "workflow %s: timer %d did not fire; retrying", timer.instanceId(),
                                timer.timerId());
                        scheduler.at(clock.instant().plus(RETRY), () -> schedule(timer));
                    }
                }));
    }

    private void scheduleRetention(OrchestrationState state) {
        Duration keep = config.stateRetentionPolicy().retentionFor(state.getOrchestrationStatus()).orElse(null);
        if (keep == null) {
            return;
        }
        Instant completed = state.hasCompletedTimestamp()
                ? Protos.instant(state.getCompletedTimestamp())
                : Protos.instant(state.getLastUpdatedTimestamp());
        String id = state.getInstanceId();
        String executionId = state.getExecutionId().getValue();
        scheduler.at(completed.plus(keep), () -> backend.getInstance(id).thenCompose(current -> {
            // only the execution that finished: the id may have been reused since
            if (current.isPresent() && current.get().getExecutionId().getValue().equals(executionId)
                    && Histories.isTerminal(current.get().getOrchestrationStatus())) {
                return purgeOne(id, false);
            }
            return CompletableFuture.completedFuture(0);
        }).exceptionally(e -> {
            LOG.debugf(e, "workflow %s: retention purge skipped", id);
            return 0;
        }));
    }

    private CompletionStage<Void> scheduleRetentionOfFinished() {
        if (!config.stateRetentionPolicy().purgesAnything()) {
            return CompletableFuture.completedFuture(null);
        }
        InstanceQuery q = InstanceQuery.newBuilder()
                .addAllRuntimeStatus(List.of(OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED,
                        OrchestrationStatus.ORCHESTRATION_STATUS_FAILED,
                        OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED))
                .build();
        return backend.queryInstances(q)
                .thenAccept(r -> r.getOrchestrationStateList().forEach(this::scheduleRetention));
    }

    /**
     * A graceful stop: stops dispatching and the scheduler, tells connected workers, and stops the
     * backend, which hands the store over at once (a successor does not wait for the owner lease to
     * run out). Work items held by workers are simply not committed: the successor runs them again.
     */
    public CompletionStage<Void> shutdown() {
        dispatcher.close();
        scheduler.close();
        return backend.stop();
    }

    /** Stops dispatching and the scheduler, tells connected workers, and closes the backend. */
    @Override
    public void close() {
        dispatcher.close();
        scheduler.close();
        backend.close();
    }
}
