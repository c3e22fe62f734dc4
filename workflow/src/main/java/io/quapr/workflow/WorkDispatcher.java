package io.quapr.workflow;

import io.quapr.workflow.WorkflowObserver.Outcome;
import io.quapr.workflow.backend.ActivityResult;
import io.quapr.workflow.backend.ActivityWorkItem;
import io.quapr.workflow.backend.OrchestrationStep;
import io.quapr.workflow.backend.OrchestrationWorkItem;
import io.quapr.workflow.backend.WorkflowBackend;
import io.quapr.workflow.proto.OrchestratorService.ActivityResponse;
import io.quapr.workflow.proto.OrchestratorService.GetWorkItemsRequest;
import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.OrchestratorRequest;
import io.quapr.workflow.proto.OrchestratorService.OrchestratorResponse;
import io.quapr.workflow.proto.OrchestratorService.TaskCompletedEvent;
import io.quapr.workflow.proto.OrchestratorService.TaskFailedEvent;
import io.quapr.workflow.proto.OrchestratorService.WorkItem;
import io.quapr.workflow.runtime.EngineSteps;
import io.quapr.workflow.runtime.Events;
import io.quapr.workflow.runtime.Protos;
import io.quapr.workflow.runtime.ResponseApplier;
import io.quapr.workflow.runtime.TimerScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * Hands work items to connected workers, round-robin, never more than a worker's limit at once,
 * and takes them back when a worker goes away or its lease runs out.
 *
 * <p>
 * Back-pressure: an orchestration that needs a worker when every worker is full is deferred in
 * the backend (its lease released, so that a terminate for it still gets through) and remembered;
 * it is woken as room appears. An activity is parked (with any others that lost the same race for
 * a slot) and the dispatcher stops asking for more, so the rest wait in the backend. One lock guards the bookkeeping; work items are sent,
 * and backend calls made, outside it.
 */
final class WorkDispatcher {

    private static final Logger LOG = Logger.getLogger(WorkDispatcher.class);

    private static final class Worker {
        final WorkItemSink sink;
        final int maxOrchestrations;
        final int maxActivities;
        int orchestrations;
        int activities;
        boolean gone;

        Worker(WorkItemSink sink, int maxOrchestrations, int maxActivities) {
            this.sink = sink;
            this.maxOrchestrations = maxOrchestrations;
            this.maxActivities = maxActivities;
        }
    }

    /** A work item held by a worker. Exactly one of {@code orchestration} and {@code activity} is set. */
    private static final class Lease {
        final String token;
        final Worker worker;
        final OrchestrationWorkItem orchestration;
        final List<HistoryEvent> newEvents;
        final ActivityWorkItem activity;
        /** When it was handed out (the engine's clock): an activity's run is timed from here. */
        final Instant handedOut;
        ScheduledFuture<?> expiry;
        /** Whether the worker took it: an activity its stream never took was not run. */
        volatile boolean delivered;

        Lease(String token, Worker worker, OrchestrationWorkItem orchestration, List<HistoryEvent> newEvents,
                ActivityWorkItem activity, Instant handedOut) {
            this.token = token;
            this.worker = worker;
            this.orchestration = orchestration;
            this.newEvents = newEvents;
            this.activity = activity;
            this.handedOut = handedOut;
        }

        String taskKey() {
            return activity.instanceId() + "|" + activity.request().getTaskId();
        }
    }

    private final WorkflowBackend backend;
    private final Configuration config;
    private final TimerScheduler scheduler;
    private final Clock clock;
    private final BiFunction<OrchestrationWorkItem, OrchestrationStep, CompletionStage<Void>> commit;
    private final RunReporter reports;
    private final AtomicLong tokens = new AtomicLong();

    private final List<Worker> workers = new ArrayList<>();
    private final Map<String, Lease> byToken = new HashMap<>();
    private final Map<String, Lease> orchestrationByInstance = new HashMap<>();
    private final Map<String, Lease> activityByTask = new HashMap<>();
    /** How many activities of each instance workers hold now. */
    private final Map<String, Integer> activitiesHeld = new HashMap<>();
    private final ResultBatcher results;
    private int nextOrchestrationWorker;
    private int nextActivityWorker;
    /** Instances that need a worker when none had room: deferred in the backend, woken as room appears. */
    private final LinkedHashSet<String> waitingForWorker = new LinkedHashSet<>();
    /** An activity waiting for a worker with room, and since when it waits. */
    private record Parked(ActivityWorkItem item, Instant since) {
    }

    /**
     * Activities fetched when no worker had room, in order. Several can park at once: a fetch and a
     * hand-out of earlier parked ones race for the same slots, and the loser of each race parks.
     */
    private final ArrayDeque<Parked> parkedActivities = new ArrayDeque<>();
    private boolean fetchingOrchestration;
    private boolean fetchingActivity;
    private boolean started;
    private boolean closed;

    WorkDispatcher(WorkflowBackend backend, Configuration config, TimerScheduler scheduler, Clock clock,
            BiFunction<OrchestrationWorkItem, OrchestrationStep, CompletionStage<Void>> commit, RunReporter reports) {
        this.backend = backend;
        this.config = config;
        this.scheduler = scheduler;
        this.clock = clock;
        this.commit = commit;
        this.reports = reports;
        this.results = new ResultBatcher(backend, scheduler, config.resultBatchWindow());
    }

    /** Starts asking the backend for work. */
    void start() {
        synchronized (this) {
            started = true;
        }
        pumpOrchestrations();
        pumpActivities();
    }

    WorkerConnection connect(GetWorkItemsRequest request, WorkItemSink sink) {
        int orch = limit(request.getMaxConcurrentOrchestrationWorkItems(), config.maxConcurrentWorkflowInvocations());
        int act = limit(request.getMaxConcurrentActivityWorkItems(), config.maxConcurrentActivityInvocations());
        Worker worker = new Worker(sink, orch, act);
        synchronized (this) {
            if (closed) {
                throw new WorkflowException("the workflow engine is closed");
            }
            workers.add(worker);
        }
        resume();
        return new WorkerConnection(() -> disconnect(worker));
    }

    private static int limit(int asked, int configured) {
        return asked > 0 ? Math.min(asked, configured) : configured;
    }

    /** Takes back everything the worker holds and hands it out again. */
    private void disconnect(Worker worker) {
        List<Lease> taken = new ArrayList<>();
        synchronized (this) {
            if (worker.gone) {
                return;
            }
            worker.gone = true;
            workers.remove(worker);
            for (Lease l : List.copyOf(byToken.values())) {
                if (l.worker == worker) {
                    release(l);
                    taken.add(l);
                }
            }
        }
        taken.forEach(this::giveBack);
        resume();
    }

    /** Returns a lease's work item to the backend, to be handed out again. */
    private void giveBack(Lease l) {
        if (l.orchestration != null) {
            reports.notCommitted(l.orchestration);
            backend.abandonOrchestrationWorkItem(l.orchestration);
        } else {
            if (l.delivered) {
                reports.activityRun(l.activity, Outcome.RECOVERABLE, l.handedOut);
            }
            backend.abandonActivityWorkItem(l.activity);
        }
    }

    // ---- orchestrations

    private void pumpOrchestrations() {
        while (true) {
            synchronized (this) {
                if (!started || closed || fetchingOrchestration) {
                    return;
                }
                fetchingOrchestration = true;
            }
            CompletableFuture<OrchestrationWorkItem> next = backend.nextOrchestrationWorkItem().toCompletableFuture();
            if (!next.isDone()) {
                next.whenComplete((item, error) -> {
                    synchronized (this) {
                        fetchingOrchestration = false;
                    }
                    if (error == null) {
                        onOrchestration(item);
                        pumpOrchestrations();
                    } else {
                        fetchFailed(error);
                    }
                });
                return;
            }
            // already there: loop instead of recursing, so a long backlog cannot grow the stack
            synchronized (this) {
                fetchingOrchestration = false;
            }
            if (next.isCompletedExceptionally()) {
                next.exceptionally(e -> {
                    fetchFailed(e);
                    return null;
                });
                return;
            }
            onOrchestration(next.join());
        }
    }

    private void fetchFailed(Throwable error) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        LOG.warn("workflow backend failed to hand out work; retrying in 1s", error);
        scheduler.after(Duration.ofSeconds(1), this::resume);
    }

    private void onOrchestration(OrchestrationWorkItem item) {
        Instant startAt = scheduledStart(item);
        if (startAt != null && startAt.isAfter(clock.instant())) {
            // not yet: no run until the scheduled start (the wake-up is rescheduled after a restart,
            // since recovery hands the instance out again and it comes back here)
            backend.deferOrchestrationWorkItem(item);
            scheduler.at(startAt, () -> backend.wake(item.instanceId()));
            return;
        }
        Optional<OrchestrationStep> own = EngineSteps.withoutWorker(item, clock.instant());
        if (own.isPresent()) {
            reports.runStarted(item);
            commit.apply(item, own.get());
            return;
        }
        Lease lease;
        synchronized (this) {
            Worker w = pick(true);
            if (w == null) {
                // not parked under its lease: a terminate (or any event) for it must still get through,
                // and the engine runs that step itself
                waitingForWorker.add(item.instanceId());
                lease = null;
            } else {
                waitingForWorker.remove(item.instanceId());
                List<HistoryEvent> newEvents = new ArrayList<>(item.inbox().size() + 1);
                newEvents.add(Events.orchestratorStarted(clock.instant()));
                newEvents.addAll(item.inbox());
                lease = new Lease("o" + tokens.incrementAndGet(), w, item, List.copyOf(newEvents), null, null);
                hold(lease);
            }
        }
        if (lease == null) {
            backend.deferOrchestrationWorkItem(item);
            return;
        }
        reports.runStarted(item);
        OrchestratorRequest.Builder request = OrchestratorRequest.newBuilder().setInstanceId(item.instanceId())
                .addAllPastEvents(item.pastEvents()).addAllNewEvents(lease.newEvents);
        if (item.state().hasExecutionId()) {
            request.setExecutionId(item.state().getExecutionId());
        }
        send(lease, WorkItem.newBuilder().setOrchestratorRequest(request).setCompletionToken(lease.token).build());
    }

    /** The scheduled start of an instance that has not run yet, unless it is being terminated. */
    private static Instant scheduledStart(OrchestrationWorkItem item) {
        if (!item.pastEvents().isEmpty()) {
            return null;
        }
        Instant at = null;
        for (HistoryEvent e : item.inbox()) {
            if (e.hasExecutionTerminated()) {
                return null;
            }
            if (e.hasExecutionStarted() && e.getExecutionStarted().hasScheduledStartTimestamp()) {
                at = Protos.instant(e.getExecutionStarted().getScheduledStartTimestamp());
            }
        }
        return at;
    }

    CompletionStage<Void> completeOrchestration(OrchestratorResponse response) {
        Lease l;
        synchronized (this) {
            l = response.getCompletionToken().isEmpty()
                    ? orchestrationByInstance.get(response.getInstanceId())
                    : byToken.get(response.getCompletionToken());
            if (l == null || l.orchestration == null) {
                return CompletableFuture.failedFuture(new WorkItemLostException("no orchestration work item for '"
                        + response.getInstanceId() + "' (token '" + response.getCompletionToken()
                        + "') is held: it completed already or its lease expired"));
            }
            release(l);
        }
        OrchestrationStep step;
        try {
            step = ResponseApplier.apply(l.orchestration, l.newEvents, response, clock.instant());
        } catch (RuntimeException e) {
            reports.notCommitted(l.orchestration);
            backend.abandonOrchestrationWorkItem(l.orchestration);
            resume();
            return CompletableFuture.failedFuture(e);
        }
        resume();
        return commit.apply(l.orchestration, step);
    }

    CompletionStage<Void> abandon(String token) {
        Lease l;
        synchronized (this) {
            l = byToken.get(token);
            if (l == null) {
                return CompletableFuture.failedFuture(new WorkItemLostException("no work item with token '" + token
                        + "' is held"));
            }
            release(l);
        }
        giveBack(l);
        resume();
        return CompletableFuture.completedFuture(null);
    }

    // ---- activities

    private void pumpActivities() {
        while (true) {
            synchronized (this) {
                if (!started || closed || fetchingActivity || !parkedActivities.isEmpty()) {
                    return;
                }
                fetchingActivity = true;
            }
            CompletableFuture<ActivityWorkItem> next = backend.nextActivityWorkItem().toCompletableFuture();
            if (!next.isDone()) {
                next.whenComplete((item, error) -> {
                    synchronized (this) {
                        fetchingActivity = false;
                    }
                    if (error == null) {
                        onActivity(item, clock.instant());
                        pumpActivities();
                    } else {
                        fetchFailed(error);
                    }
                });
                return;
            }
            synchronized (this) {
                fetchingActivity = false;
            }
            if (next.isCompletedExceptionally()) {
                next.exceptionally(e -> {
                    fetchFailed(e);
                    return null;
                });
                return;
            }
            onActivity(next.join(), clock.instant());
        }
    }

    /** Hands an activity to a worker, or parks it; {@code since}: when it started waiting for one. */
    private void onActivity(ActivityWorkItem item, Instant since) {
        Lease lease;
        synchronized (this) {
            Worker w = pick(false);
            if (w == null) {
                parkedActivities.add(new Parked(item, since));
                return;
            }
            lease = new Lease("a" + tokens.incrementAndGet(), w, null, null, item, clock.instant());
            hold(lease);
        }
        boolean delivered = send(lease,
                WorkItem.newBuilder().setActivityRequest(item.request()).setCompletionToken(lease.token).build());
        reports.activityDispatched(item, delivered, since);
    }

    CompletionStage<Void> completeActivity(ActivityResponse response) {
        Instant endedAt = clock.instant();
        Lease l;
        CompletableFuture<Void> committed = new CompletableFuture<>();
        ResultBatcher.Ready ready;
        synchronized (this) {
            l = response.getCompletionToken().isEmpty()
                    ? activityByTask.get(response.getInstanceId() + "|" + response.getTaskId())
                    : byToken.get(response.getCompletionToken());
            if (l == null || l.activity == null) {
                return CompletableFuture.failedFuture(new WorkItemLostException("no activity work item for '"
                        + response.getInstanceId() + "' task " + response.getTaskId() + " is held: it completed"
                        + " already or its lease expired"));
            }
            release(l);
            // joined under the lock that counts the instance's running activities: the last one
            // to finish always finds the others' batch
            boolean othersRunning = activitiesHeld.containsKey(l.activity.instanceId());
            ready = results.add(new ActivityResult(l.activity, resultEvent(l.activity, response, endedAt)),
                    othersRunning, committed);
        }
        resume();
        if (ready != null) {
            results.commit(ready);
        }
        Outcome outcome = response.hasFailureDetails() ? Outcome.FAILED : Outcome.SUCCESS;
        return committed.whenComplete((v, error) -> reports.activityRun(l.activity,
                error == null ? outcome : Outcome.RECOVERABLE, l.handedOut, endedAt));
    }

    /** The {@code TaskCompleted} or {@code TaskFailed} event a worker's answer becomes. */
    private static HistoryEvent resultEvent(ActivityWorkItem activity, ActivityResponse response, Instant at) {
        int taskId = activity.request().getTaskId();
        String execution = activity.request().getTaskExecutionId();
        HistoryEvent.Builder result = Events.event(-1, at);
        if (response.hasFailureDetails()) {
            result.setTaskFailed(TaskFailedEvent.newBuilder().setTaskScheduledId(taskId)
                    .setFailureDetails(response.getFailureDetails()).setTaskExecutionId(execution));
        } else {
            TaskCompletedEvent.Builder done = TaskCompletedEvent.newBuilder().setTaskScheduledId(taskId)
                    .setTaskExecutionId(execution);
            if (response.hasResult()) {
                done.setResult(response.getResult());
            }
            result.setTaskCompleted(done);
        }
        return result.build();
    }

    // ---- bookkeeping

    /** The next worker with room, round-robin; under the lock. */
    private Worker pick(boolean orchestration) {
        int n = workers.size();
        for (int i = 0; i < n; i++) {
            int index = ((orchestration ? nextOrchestrationWorker : nextActivityWorker) + i) % n;
            Worker w = workers.get(index);
            boolean room = orchestration ? w.orchestrations < w.maxOrchestrations : w.activities < w.maxActivities;
            if (room) {
                if (orchestration) {
                    nextOrchestrationWorker = (index + 1) % n;
                } else {
                    nextActivityWorker = (index + 1) % n;
                }
                return w;
            }
        }
        return null;
    }

    /** Records a lease and arms its expiry; under the lock. */
    private void hold(Lease l) {
        byToken.put(l.token, l);
        if (l.orchestration != null) {
            l.worker.orchestrations++;
            orchestrationByInstance.put(l.orchestration.instanceId(), l);
        } else {
            l.worker.activities++;
            activityByTask.put(l.taskKey(), l);
            activitiesHeld.merge(l.activity.instanceId(), 1, Integer::sum);
        }
        l.expiry = scheduler.after(config.leaseDuration(), () -> expire(l.token));
    }

    /** Forgets a lease and frees its worker's slot; under the lock. */
    private void release(Lease l) {
        byToken.remove(l.token);
        if (l.expiry != null) {
            l.expiry.cancel(false);
        }
        if (l.orchestration != null) {
            l.worker.orchestrations--;
            orchestrationByInstance.remove(l.orchestration.instanceId(), l);
        } else {
            l.worker.activities--;
            activityByTask.remove(l.taskKey(), l);
            activitiesHeld.computeIfPresent(l.activity.instanceId(), (id, n) -> n == 1 ? null : n - 1);
        }
    }

    private void expire(String token) {
        Lease l;
        synchronized (this) {
            l = byToken.get(token);
            if (l == null) {
                return;
            }
            release(l);
        }
        LOG.debugf("work item %s: lease expired, handing it out again", token);
        giveBack(l);
        resume();
    }

    /** Sends a held work item to its worker; a stream that fails disconnects the worker. */
    private boolean send(Lease l, WorkItem item) {
        try {
            // set first: the worker may take it and go away before send returns
            l.delivered = true;
            l.worker.sink.send(item);
            return true;
        } catch (RuntimeException e) {
            l.delivered = false;
            LOG.debugf(e, "worker stream failed; disconnecting it");
            disconnect(l.worker);
            return false;
        }
    }

    /** Room may have appeared: wake waiting instances, hand out the parked activities, ask for more. */
    private void resume() {
        List<String> wake = new ArrayList<>();
        List<Parked> parked;
        synchronized (this) {
            int room = 0;
            for (Worker w : workers) {
                room += Math.max(0, w.maxOrchestrations - w.orchestrations);
            }
            for (var it = waitingForWorker.iterator(); it.hasNext() && wake.size() < room;) {
                wake.add(it.next());
                it.remove();
            }
            parked = List.copyOf(parkedActivities);
            parkedActivities.clear();
        }
        wake.forEach(backend::wake);
        // each goes to a worker with room, or parks again
        parked.forEach(p -> onActivity(p.item(), p.since()));
        pumpOrchestrations();
        pumpActivities();
    }

    /** Stops dispatching and tells every worker. Held items stay leased until the backend closes. */
    void close() {
        List<Worker> all;
        synchronized (this) {
            closed = true;
            all = List.copyOf(workers);
            workers.clear();
            byToken.values().forEach(l -> {
                if (l.expiry != null) {
                    l.expiry.cancel(false);
                }
            });
        }
        all.forEach(w -> w.sink.closed());
        results.flushAll();
    }

    /** How many work items workers hold now (tests and metrics). */
    synchronized int inFlight() {
        return byToken.size();
    }

    /** How many worker streams are connected now. */
    synchronized int connectedWorkers() {
        return workers.size();
    }
}
