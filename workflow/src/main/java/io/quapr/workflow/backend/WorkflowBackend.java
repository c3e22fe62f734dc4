package io.quapr.workflow.backend;

import io.quapr.workflow.InstanceAlreadyExistsException;
import io.quapr.workflow.InstanceNotFoundException;
import io.quapr.workflow.InstanceStillRunningException;
import io.quapr.workflow.WorkItemLostException;
import io.quapr.workflow.proto.OrchestratorService.CreateOrchestrationAction;
import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.InstanceQuery;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationState;
import io.quapr.workflow.proto.OrchestratorService.QueryInstancesResponse;
import io.quapr.workflow.runtime.Histories;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where workflow instances live: metadata, history, inbox, and the due work (activities, timers)
 * that must survive a crash. The engine ({@code WorkflowEngine}) holds the orchestration logic;
 * a backend only stores and hands out work, so that every backend behaves the same.
 *
 * <p>
 * Every method is asynchronous and never blocks its caller. Writes that belong to one step are
 * one transaction. A work item is leased: until it is completed or abandoned, the backend hands
 * out no other work item for that instance, so an orchestration never runs twice at once.
 */
public interface WorkflowBackend extends AutoCloseable {

    /**
     * Prepares the backend and recovers the work that was pending when the previous owner of the
     * store stopped (instances with inbox events, activities). Called once, before anything else.
     */
    CompletionStage<Void> start();

    /**
     * Creates an instance whose inbox holds its {@code ExecutionStarted} event; its status is
     * PENDING until its first run.
     *
     * @param executionStarted the start event (name, input, instance id and execution id)
     * @param ifRunning what to do when an instance with that id exists and has not finished:
     *        {@code ERROR} fails with {@link InstanceAlreadyExistsException}, {@code IGNORE} keeps
     *        it and succeeds, {@code TERMINATE} replaces it. A finished instance is always replaced.
     * @return whether a new instance was created ({@code false}: ignored)
     */
    CompletionStage<Boolean> createInstance(HistoryEvent executionStarted, CreateOrchestrationAction ifRunning);

    /**
     * Creates an instance with a ready-made history (a rerun): {@code step.appended()} becomes its
     * history and {@code step}'s activities, timers and messages are scheduled as for a run, in
     * one transaction. The instance runs when the first of them delivers a result.
     *
     * @param state the new instance's metadata (its id is the instance id)
     * @throws InstanceAlreadyExistsException (in the stage) when the id belongs to an instance that
     *         has not finished; a finished one is replaced
     */
    CompletionStage<Void> importInstance(OrchestrationState state, OrchestrationStep step);

    /**
     * Appends an event to an instance's inbox (raise event, terminate, suspend, resume, an
     * activity or sub-orchestration result) and makes the instance runnable. A suspended
     * instance only becomes runnable for a resume or terminate event; the others wait in the
     * inbox.
     *
     * @throws InstanceNotFoundException (in the stage) when the instance does not exist
     */
    CompletionStage<Void> addEvent(String instanceId, HistoryEvent event);

    /** The instance's metadata, empty when it does not exist. */
    CompletionStage<Optional<OrchestrationState>> getInstance(String instanceId);

    /**
     * The instance's history, oldest first.
     *
     * @throws InstanceNotFoundException (in the stage) when the instance does not exist
     */
    CompletionStage<List<HistoryEvent>> getHistory(String instanceId);

    /**
     * The next runnable orchestration, leased to the caller; the stage completes when one is
     * there (no polling). Only one call may be outstanding at a time.
     */
    CompletionStage<OrchestrationWorkItem> nextOrchestrationWorkItem();

    /**
     * Commits one run: consumes the work item's inbox events, appends to (or, for continue-as-new,
     * restarts) the history, stores the metadata, schedules the activities and timers and
     * delivers the messages, all in one transaction; then releases the lease. An instance whose
     * inbox received more events meanwhile becomes runnable again.
     *
     * @throws WorkItemLostException (in the stage) when the lease is no longer held
     */
    CompletionStage<Void> completeOrchestrationWorkItem(OrchestrationWorkItem item, OrchestrationStep step);

    /** Releases the lease without changes; the instance is runnable again at once. */
    CompletionStage<Void> abandonOrchestrationWorkItem(OrchestrationWorkItem item);

    /**
     * Releases the lease without changes and without making the instance runnable again: it
     * waits for {@link #wake} (a workflow whose scheduled start time has not come). Events that
     * arrive meanwhile make it runnable as usual.
     */
    CompletionStage<Void> deferOrchestrationWorkItem(OrchestrationWorkItem item);

    /** Makes the instance runnable if it has inbox events (the end of a deferral). */
    CompletionStage<Void> wake(String instanceId);

    /** The next pending activity; the stage completes when there is one. One call at a time. */
    CompletionStage<ActivityWorkItem> nextActivityWorkItem();

    /**
     * Commits the results of activities of one instance together, in one transaction: deletes each
     * activity and puts its result ({@code TaskCompleted} or {@code TaskFailed}) into the
     * instance's inbox, so the instance runs once for all of them, not once per result. A result
     * for an instance that no longer exists, or that has moved to another execution, is dropped.
     * Completing an activity twice is harmless (at-least-once delivery).
     *
     * @param instanceId the instance every result belongs to
     * @param results at least one
     */
    CompletionStage<Void> completeActivityWorkItems(String instanceId, List<ActivityResult> results);

    /** Hands the activity out again. */
    CompletionStage<Void> abandonActivityWorkItem(ActivityWorkItem item);

    /** Every timer that has not fired yet (the engine schedules them after {@link #start}). */
    CompletionStage<List<DurableTimer>> pendingTimers();

    /**
     * Fires a timer: removes it from the due-work index and puts {@code TimerFired} into the
     * inbox, in one transaction. A timer of an execution that is gone is just removed.
     *
     * @param firedEvent the {@code TimerFired} event to deliver
     */
    CompletionStage<Void> fireTimer(DurableTimer timer, HistoryEvent firedEvent);

    /**
     * Deletes one finished instance: metadata, history, inbox, pending work.
     *
     * @return whether it existed
     * @throws InstanceStillRunningException (in the stage) when it has not finished
     */
    CompletionStage<Boolean> purgeInstance(String instanceId);

    /**
     * Deletes a finished instance and, when {@code recursive}, the sub-orchestrations its history
     * created, depth first.
     *
     * @return how many instances were deleted
     */
    default CompletionStage<Integer> purge(String instanceId, boolean recursive) {
        if (!recursive) {
            return purgeInstance(instanceId).thenApply(deleted -> deleted ? 1 : 0);
        }
        // children first: once the parent's history is gone nothing names them any more
        return getInstance(instanceId).thenCompose(state -> {
            if (state.isEmpty()) {
                return CompletableFuture.completedFuture(0);
            }
            if (!Histories.isTerminal(state.get().getOrchestrationStatus())) {
                return CompletableFuture.failedFuture(new InstanceStillRunningException(instanceId));
            }
            return getHistory(instanceId).thenCompose(history -> {
                List<String> children = new ArrayList<>(Histories.childInstanceIds(history));
                CompletionStage<Integer> chain = CompletableFuture.completedFuture(0);
                for (String child : children) {
                    chain = chain.thenCompose(n -> purge(child, true).thenApply(m -> n + m));
                }
                return chain.thenCompose(n -> purgeInstance(instanceId).thenApply(deleted -> n + (deleted ? 1 : 0)));
            });
        });
    }

    /**
     * One page of instance ids in id order.
     *
     * @param continuationToken the previous page's token, or {@code null} for the first page
     * @param pageSize the most ids to return; {@code 0} for all
     */
    CompletionStage<InstanceIdPage> listInstanceIds(String continuationToken, int pageSize);

    /**
     * The instances matching a query (status, creation time, id prefix), in id order, paged by
     * {@code maxInstanceCount} and {@code continuationToken}; inputs and outputs only when
     * {@code fetchInputsAndOutputs}.
     */
    CompletionStage<QueryInstancesResponse> queryInstances(InstanceQuery query);

    /**
     * A graceful stop: gives up what lets a successor start at once (a state-store backend's owner
     * lease), then closes. The default just closes.
     */
    default CompletionStage<Void> stop() {
        close();
        return CompletableFuture.completedFuture(null);
    }

    /** Releases what the backend holds (not the state store, which the sidecar owns). */
    @Override
    void close();
}
