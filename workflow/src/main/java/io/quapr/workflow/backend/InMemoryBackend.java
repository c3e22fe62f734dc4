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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A backend in the process's memory: nothing survives the process. For tests, for the in-memory
 * benchmark, and for a sidecar run without a workflow state store.
 *
 * <p>
 * One lock guards the maps; queues are signalled after it is released, so that the engine's
 * continuations never run under it.
 */
public final class InMemoryBackend implements WorkflowBackend {

    private static final class Instance {
        OrchestrationState state;
        final List<HistoryEvent> history = new ArrayList<>();
        final ArrayDeque<HistoryEvent> inbox = new ArrayDeque<>();

        Instance(OrchestrationState state) {
            this.state = state;
        }
    }

    private final Map<String, Instance> instances = new HashMap<>();
    private final Map<String, ActivityWorkItem> activities = new HashMap<>();
    private final Map<String, DurableTimer> timers = new HashMap<>();
    private final InstanceQueue queue = new InstanceQueue();
    private final TaskQueue<ActivityWorkItem> activityQueue = new TaskQueue<>();

    /** An empty backend. */
    public InMemoryBackend() {
    }

    @Override
    public CompletionStage<Void> start() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Boolean> createInstance(HistoryEvent executionStarted, CreateOrchestrationAction ifRunning) {
        String id = executionStarted.getExecutionStarted().getOrchestrationInstance().getInstanceId();
        synchronized (this) {
            Instance existing = instances.get(id);
            if (existing != null && !Histories.isTerminal(existing.state.getOrchestrationStatus())) {
                if (ifRunning == CreateOrchestrationAction.IGNORE) {
                    return CompletableFuture.completedFuture(false);
                }
                if (ifRunning != CreateOrchestrationAction.TERMINATE) {
                    return CompletableFuture.failedFuture(new InstanceAlreadyExistsException(id));
                }
            }
            if (existing != null) {
                dropWork(id);
            }
            Instance created = new Instance(InstanceStates.pending(executionStarted));
            created.inbox.add(executionStarted);
            instances.put(id, created);
        }
        queue.signal(id);
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public CompletionStage<Void> importInstance(OrchestrationState state, OrchestrationStep step) {
        String id = state.getInstanceId();
        List<String> wake = new ArrayList<>();
        synchronized (this) {
            Instance existing = instances.get(id);
            if (existing != null && !Histories.isTerminal(existing.state.getOrchestrationStatus())) {
                return CompletableFuture.failedFuture(new InstanceAlreadyExistsException(id));
            }
            if (existing != null) {
                dropWork(id);
            }
            Instance created = new Instance(state);
            instances.put(id, created);
            apply(created, new OrchestrationWorkItem(id, state, List.of(), List.of()), step, wake);
        }
        for (var request : step.activities()) {
            activityQueue.offer(new ActivityWorkItem(request));
        }
        wake.forEach(queue::signal);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> addEvent(String instanceId, HistoryEvent event) {
        boolean runnable;
        synchronized (this) {
            Instance inst = instances.get(instanceId);
            if (inst == null) {
                return CompletableFuture.failedFuture(new InstanceNotFoundException(instanceId));
            }
            inst.inbox.add(event);
            runnable = Histories.runnable(inst.state.getOrchestrationStatus(), inst.inbox);
        }
        if (runnable) {
            queue.signal(instanceId);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Optional<OrchestrationState>> getInstance(String instanceId) {
        Instance inst = instances.get(instanceId);
        return CompletableFuture.completedFuture(Optional.ofNullable(inst == null ? null : inst.state));
    }

    @Override
    public synchronized CompletionStage<List<HistoryEvent>> getHistory(String instanceId) {
        Instance inst = instances.get(instanceId);
        if (inst == null) {
            return CompletableFuture.failedFuture(new InstanceNotFoundException(instanceId));
        }
        return CompletableFuture.completedFuture(List.copyOf(inst.history));
    }

    @Override
    public CompletionStage<OrchestrationWorkItem> nextOrchestrationWorkItem() {
        return queue.take().thenCompose(id -> {
            OrchestrationWorkItem item;
            synchronized (this) {
                Instance inst = instances.get(id);
                item = inst == null || !Histories.runnable(inst.state.getOrchestrationStatus(), inst.inbox)
                        ? null
                        : new OrchestrationWorkItem(id, inst.state, inst.history, List.copyOf(inst.inbox));
            }
            if (item == null) {
                // purged, or a suspended instance whose new events must wait: nothing to run
                queue.release(id, false);
                return nextOrchestrationWorkItem();
            }
            return CompletableFuture.completedFuture(item);
        });
    }

    @Override
    public CompletionStage<Void> completeOrchestrationWorkItem(OrchestrationWorkItem item, OrchestrationStep step) {
        String id = item.instanceId();
        List<String> wake = new ArrayList<>();
        boolean runAgain = false;
        boolean replaced;
        synchronized (this) {
            Instance inst = instances.get(id);
            if (!queue.leased(id)) {
                return CompletableFuture.failedFuture(new WorkItemLostException("workflow '" + id
                        + "' is no longer leased to this work item"));
            }
            replaced = inst == null
                    || !InstanceStates.executionId(inst.state).equals(InstanceStates.executionId(item.state()));
            if (!replaced) {
                apply(inst, item, step, wake);
                runAgain = Histories.runnable(inst.state.getOrchestrationStatus(), inst.inbox);
            }
        }
        if (replaced) {
            // purged or replaced under the lease: the step has nothing left to apply to
            queue.release(id, true);
            return CompletableFuture.failedFuture(new WorkItemLostException("workflow '" + id
                    + "' was purged or replaced during the run"));
        }
        for (var request : step.activities()) {
            activityQueue.offer(new ActivityWorkItem(request));
        }
        queue.release(id, runAgain);
        wake.forEach(queue::signal);
        return CompletableFuture.completedFuture(null);
    }

    /** Applies a step to a leased instance; under the lock. */
    private void apply(Instance inst, OrchestrationWorkItem item, OrchestrationStep step, List<String> wake) {
        for (int i = 0; i < item.inbox().size(); i++) {
            inst.inbox.poll();
        }
        if (step.resetHistory()) {
            inst.history.clear();
        }
        inst.history.addAll(step.appended());
        inst.state = step.state();
        for (int i = step.requeued().size() - 1; i >= 0; i--) {
            inst.inbox.addFirst(step.requeued().get(i));
        }
        for (var request : step.activities()) {
            ActivityWorkItem a = new ActivityWorkItem(request);
            activities.put(a.key(), a);
        }
        for (DurableTimer t : step.timers()) {
            timers.put(t.key(), t);
        }
        for (OutgoingMessage m : step.messages()) {
            deliver(m, wake);
        }
    }

    /** Puts a message into its target's inbox (creating the target for ExecutionStarted); under the lock. */
    private void deliver(OutgoingMessage m, List<String> wake) {
        Instance target = instances.get(m.targetInstanceId());
        HistoryEvent e = m.event();
        if (e.hasExecutionStarted()) {
            if (target != null && !Histories.isTerminal(target.state.getOrchestrationStatus())) {
                InstanceStates.childRefused(e).ifPresent(refusal -> deliver(refusal, wake));
                return;
            }
            if (target != null) {
                dropWork(m.targetInstanceId());
            }
            target = new Instance(InstanceStates.pending(e));
            instances.put(m.targetInstanceId(), target);
        } else if (target == null) {
            // an event for an instance that does not exist (or was purged) has nowhere to go
            return;
        }
        target.inbox.add(e);
        if (Histories.runnable(target.state.getOrchestrationStatus(), target.inbox)) {
            wake.add(m.targetInstanceId());
        }
    }

    @Override
    public CompletionStage<Void> abandonOrchestrationWorkItem(OrchestrationWorkItem item) {
        queue.release(item.instanceId(), true);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> deferOrchestrationWorkItem(OrchestrationWorkItem item) {
        queue.release(item.instanceId(), false);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> wake(String instanceId) {
        boolean runnable;
        synchronized (this) {
            Instance inst = instances.get(instanceId);
            runnable = inst != null && Histories.runnable(inst.state.getOrchestrationStatus(), inst.inbox);
        }
        if (runnable) {
            queue.signal(instanceId);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<ActivityWorkItem> nextActivityWorkItem() {
        return activityQueue.take().thenCompose(item -> {
            boolean pending;
            synchronized (this) {
                pending = activities.containsKey(item.key());
            }
            // an activity re-offered after a lost lease may have completed since: skip it
            return pending ? CompletableFuture.completedFuture(item) : nextActivityWorkItem();
        });
    }

    @Override
    public CompletionStage<Void> completeActivityWorkItems(String instanceId, List<ActivityResult> results) {
        boolean runnable = false;
        synchronized (this) {
            Instance inst = instances.get(instanceId);
            for (ActivityResult r : results) {
                ActivityWorkItem item = r.item();
                if (activities.remove(item.key()) != null && inst != null
                        && InstanceStates.executionId(inst.state).equals(item.executionId())) {
                    inst.inbox.add(r.result());
                    runnable = Histories.runnable(inst.state.getOrchestrationStatus(), inst.inbox);
                }
            }
        }
        if (runnable) {
            queue.signal(instanceId);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> abandonActivityWorkItem(ActivityWorkItem item) {
        boolean pending;
        synchronized (this) {
            pending = activities.containsKey(item.key());
        }
        if (pending) {
            activityQueue.offer(item);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<List<DurableTimer>> pendingTimers() {
        return CompletableFuture.completedFuture(List.copyOf(timers.values()));
    }

    @Override
    public CompletionStage<Void> fireTimer(DurableTimer timer, HistoryEvent firedEvent) {
        boolean runnable = false;
        synchronized (this) {
            if (timers.remove(timer.key()) == null) {
                return CompletableFuture.completedFuture(null);
            }
            Instance inst = instances.get(timer.instanceId());
            if (inst != null && InstanceStates.executionId(inst.state).equals(timer.executionId())) {
                inst.inbox.add(firedEvent);
                runnable = Histories.runnable(inst.state.getOrchestrationStatus(), inst.inbox);
            }
        }
        if (runnable) {
            queue.signal(timer.instanceId());
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Boolean> purgeInstance(String instanceId) {
        synchronized (this) {
            Instance inst = instances.get(instanceId);
            if (inst == null) {
                return CompletableFuture.completedFuture(false);
            }
            if (!Histories.isTerminal(inst.state.getOrchestrationStatus())) {
                return CompletableFuture.failedFuture(new InstanceStillRunningException(instanceId));
            }
            instances.remove(instanceId);
            dropWork(instanceId);
        }
        queue.forget(instanceId);
        return CompletableFuture.completedFuture(true);
    }

    /** Forgets the activities and timers of an instance that is deleted or replaced; under the lock. */
    private void dropWork(String instanceId) {
        activities.values().removeIf(a -> a.instanceId().equals(instanceId));
        timers.values().removeIf(t -> t.instanceId().equals(instanceId));
    }

    @Override
    public synchronized CompletionStage<InstanceIdPage> listInstanceIds(String continuationToken, int pageSize) {
        List<String> ids = new ArrayList<>(instances.keySet());
        ids.sort(null);
        return CompletableFuture.completedFuture(InstanceQueries.page(ids, continuationToken, pageSize));
    }

    @Override
    public CompletionStage<QueryInstancesResponse> queryInstances(InstanceQuery query) {
        List<OrchestrationState> all;
        synchronized (this) {
            all = new ArrayList<>(instances.size());
            instances.values().forEach(i -> all.add(i.state));
        }
        return CompletableFuture.completedFuture(InstanceQueries.query(all, query));
    }

    @Override
    public void close() {
        queue.close();
        activityQueue.close();
    }
}
