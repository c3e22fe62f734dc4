package io.quapr.workflow.backend;

import io.quapr.spi.state.BulkGetItem;
import io.quapr.spi.state.Concurrency;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.DeleteRequest;
import io.quapr.spi.state.GetRequest;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOperation;
import io.quapr.spi.state.StateOptions;
import io.quapr.spi.state.TransactionalStateStore;
import io.quapr.workflow.InstanceAlreadyExistsException;
import io.quapr.workflow.InstanceNotFoundException;
import io.quapr.workflow.InstanceStillRunningException;
import io.quapr.workflow.WorkItemLostException;
import io.quapr.workflow.WorkflowException;
import io.quapr.workflow.proto.OrchestratorService.ActivityRequest;
import io.quapr.workflow.proto.OrchestratorService.CreateOrchestrationAction;
import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.InstanceQuery;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationState;
import io.quapr.workflow.proto.OrchestratorService.QueryInstancesResponse;
import io.quapr.workflow.runtime.Histories;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;

/**
 * A durable backend on any transactional state store with ETags (the component SPI's
 * {@link TransactionalStateStore}). The key layout is in {@link StateKeys}; each instance has
 * one metadata record ({@link InstanceRecord}) written under its ETag in the same transaction as
 * everything else a change touches, so a step is all or nothing. History is appended, one chunk
 * per step; it is never rewritten.
 *
 * <p>
 * What this process must remember between transactions (runnable instances, queued activities,
 * leases of work items) is rebuilt from the store by {@link #start}, after this engine has
 * taken over the store's owner lease ({@link OwnerLease}): a crashed engine's successor resumes
 * every pending orchestration, activity and timer. Operations on one instance are serialized in
 * process ({@link KeyedSerializer}); ETags catch anyone else.
 */
public final class StateStoreBackend implements WorkflowBackend {

    private static final Logger LOG = Logger.getLogger(StateStoreBackend.class);
    private static final StateOptions CREATE = new StateOptions(Concurrency.FIRST_WRITE, Consistency.STRONG);
    private static final int READ_BATCH = 100;

    private record Loaded(InstanceRecord rec, String etag) {
    }

    private record Index(TreeSet<String> ids, String etag) {
    }

    private record CachedHistory(int chunks, List<HistoryEvent> events) {
    }

    private final TransactionalStateStore store;
    private final StateKeys keys;
    private final ScheduledExecutorService executor;
    private final OwnerLease lease;
    private final KeyedSerializer serial;
    private final GroupCommit writes;
    private final InstanceQueue queue = new InstanceQueue();
    private final TaskQueue<ActivityWorkItem> activityQueue = new TaskQueue<>();
    private final Map<String, CachedHistory> historyCache = new ConcurrentHashMap<>();
    private final Set<String> pendingActivities = ConcurrentHashMap.newKeySet();
    private volatile List<DurableTimer> recoveredTimers;

    /**
     * A backend on an initialised store.
     *
     * @param store a transactional store with ETags; the sidecar owns (and closes) it
     * @param appId the app whose workflows these are: every key is prefixed with it
     * @param ownerLease how long this engine's ownership of the app's workflows lasts without
     *        renewal: how long a successor waits after a crash
     */
    public StateStoreBackend(TransactionalStateStore store, String appId, Duration ownerLease) {
        this.store = store;
        this.keys = new StateKeys(appId);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "quapr-workflow-store");
            t.setDaemon(true);
            return t;
        });
        this.serial = new KeyedSerializer(executor);
        this.writes = new GroupCommit(ops -> StoreCalls.stage(store.multi(ops, Map.of())), store.maxOperations());
        this.lease = new OwnerLease(store, keys.owner(), UUID.randomUUID().toString(), ownerLease, Clock.systemUTC(),
                executor);
    }

    // ---- start and recovery

    @Override
    public CompletionStage<Void> start() {
        return lease.acquire().thenCompose(v -> allRecords()).thenCompose(records -> {
            recoveredTimers = timersOf(records);
            List<String> activityKeys = new ArrayList<>();
            records.forEach((id, l) -> {
                if (l.rec.runnable()) {
                    queue.signal(id);
                }
                for (String a : l.rec.activities) {
                    activityKeys.add(keys.activity(id, a));
                }
            });
            LOG.debugf("workflow store: recovered %d instances, %d pending activities", records.size(),
                    activityKeys.size());
            return bulkGet(activityKeys).thenAccept(found -> found.forEach((key, data) -> {
                pendingActivities.add(key);
                activityQueue.offer(new ActivityWorkItem(StoreCodec.activity(data)));
            }));
        });
    }

    @Override
    public CompletionStage<List<DurableTimer>> pendingTimers() {
        List<DurableTimer> recovered = recoveredTimers;
        if (recovered != null) {
            // the engine asks right after start: the recovery scan already has them
            recoveredTimers = null;
            return CompletableFuture.completedFuture(recovered);
        }
        return allRecords().thenApply(StateStoreBackend::timersOf);
    }

    private static List<DurableTimer> timersOf(Map<String, Loaded> records) {
        List<DurableTimer> timers = new ArrayList<>();
        records.forEach((id, l) -> l.rec.timers.forEach(
                t -> timers.add(new DurableTimer(id, t.executionId(), t.timerId(), Instant.parse(t.fireAt())))));
        return timers;
    }

    // ---- instances

    @Override
    public CompletionStage<Boolean> createInstance(HistoryEvent executionStarted, CreateOrchestrationAction ifRunning) {
        String id = executionStarted.getExecutionStarted().getOrchestrationInstance().getInstanceId();
        String indexKey = keys.indexOf(id);
        return serial.run(List.of(keys.meta(id), indexKey), () -> load(id).thenCompose(old -> {
            if (old != null && !Histories.isTerminal(old.rec.state().getOrchestrationStatus())) {
                if (ifRunning == CreateOrchestrationAction.IGNORE) {
                    return CompletableFuture.completedFuture(false);
                }
                if (ifRunning != CreateOrchestrationAction.TERMINATE) {
                    return CompletableFuture.failedFuture(new InstanceAlreadyExistsException(id));
                }
            }
            List<StateOperation> ops = new ArrayList<>();
            List<String> forgotten = new ArrayList<>();
            if (old != null) {
                deleteInstanceKeys(id, old.rec, ops, forgotten);
            }
            InstanceRecord rec = new InstanceRecord();
            rec.state(InstanceStates.pending(executionStarted));
            appendInbox(id, rec, executionStarted, ops);
            ops.add(metaWrite(id, old == null ? null : old.etag, rec));
            CompletionStage<Void> indexed = old != null
                    ? CompletableFuture.completedFuture(null)
                    : loadIndex(indexKey).thenAccept(index -> {
                        index.ids().add(id);
                        ops.add(indexWrite(indexKey, index));
                    });
            return indexed.thenCompose(v -> commit(ops)).thenApply(v -> {
                historyCache.remove(id);
                pendingActivities.removeAll(forgotten);
                queue.signal(id);
                return true;
            });
        }));
    }

    @Override
    public CompletionStage<Void> importInstance(OrchestrationState state, OrchestrationStep step) {
        String id = state.getInstanceId();
        Set<String> ids = new LinkedHashSet<>();
        ids.add(id);
        Set<String> indexKeys = new TreeSet<>();
        indexKeys.add(keys.indexOf(id));
        for (OutgoingMessage m : step.messages()) {
            ids.add(m.targetInstanceId());
            if (m.event().hasExecutionStarted()) {
                indexKeys.add(keys.indexOf(m.targetInstanceId()));
            }
        }
        List<String> lockKeys = new ArrayList<>(ids.stream().map(keys::meta).toList());
        lockKeys.addAll(indexKeys);
        return serial.run(lockKeys, () -> loadAll(ids).thenCombine(loadIndexes(indexKeys), (loaded, indexes) -> {
            Loaded old = loaded.get(id);
            if (old != null && !Histories.isTerminal(old.rec.state().getOrchestrationStatus())) {
                throw new InstanceAlreadyExistsException(id);
            }
            StepWrite write = new StepWrite(new OrchestrationWorkItem(id, state, List.of(), List.of()), step, loaded,
                    indexes);
            write.startFresh(id, old);
            return write.build();
        }).thenCompose(write -> commit(write.ops).thenRun(write::applied)));
    }

    @Override
    public CompletionStage<Void> addEvent(String instanceId, HistoryEvent event) {
        return serial.run(List.of(keys.meta(instanceId)), () -> load(instanceId).thenCompose(l -> {
            if (l == null) {
                return CompletableFuture.failedFuture(new InstanceNotFoundException(instanceId));
            }
            List<StateOperation> ops = new ArrayList<>();
            appendInbox(instanceId, l.rec, event, ops);
            ops.add(metaWrite(instanceId, l.etag, l.rec));
            return commit(ops).thenRun(() -> {
                if (l.rec.runnable()) {
                    queue.signal(instanceId);
                }
            });
        }));
    }

    @Override
    public CompletionStage<Optional<OrchestrationState>> getInstance(String instanceId) {
        return load(instanceId).thenApply(l -> Optional.ofNullable(l == null ? null : l.rec.state()));
    }

    @Override
    public CompletionStage<List<HistoryEvent>> getHistory(String instanceId) {
        return load(instanceId).thenCompose(l -> l == null
                ? CompletableFuture.failedFuture(new InstanceNotFoundException(instanceId))
                : history(instanceId, l.rec));
    }

    // ---- orchestration work items

    @Override
    public CompletionStage<OrchestrationWorkItem> nextOrchestrationWorkItem() {
        return queue.take().thenCompose(id -> workItem(id).handle((item, error) -> {
            if (error != null) {
                queue.release(id, true);
                return CompletableFuture.<OrchestrationWorkItem>failedFuture(error);
            }
            if (item == null) {
                // purged, or suspended with only events that must wait
                queue.release(id, false);
                return nextOrchestrationWorkItem();
            }
            return CompletableFuture.completedFuture(item);
        }).thenCompose(f -> f));
    }

    private CompletionStage<OrchestrationWorkItem> workItem(String id) {
        return load(id).thenCompose(l -> {
            if (l == null || !l.rec.runnable()) {
                return CompletableFuture.completedFuture(null);
            }
            List<String> inboxKeys = l.rec.inbox.stream().map(e -> keys.inbox(id, e.seq())).toList();
            return history(id, l.rec).thenCombine(bulkGet(inboxKeys), (history, inbox) -> {
                List<HistoryEvent> events = new ArrayList<>(inboxKeys.size());
                for (String k : inboxKeys) {
                    byte[] data = inbox.get(k);
                    if (data == null) {
                        throw new WorkflowException("workflow '" + id + "': inbox entry " + k + " is missing");
                    }
                    events.add(StoreCodec.event(data));
                }
                return new OrchestrationWorkItem(id, l.rec.state(), history, events);
            });
        });
    }

    @Override
    public CompletionStage<Void> completeOrchestrationWorkItem(OrchestrationWorkItem item, OrchestrationStep step) {
        String id = item.instanceId();
        Set<String> ids = new LinkedHashSet<>();
        ids.add(id);
        Set<String> indexKeys = new TreeSet<>();
        for (OutgoingMessage m : step.messages()) {
            ids.add(m.targetInstanceId());
            if (m.event().hasExecutionStarted()) {
                indexKeys.add(keys.indexOf(m.targetInstanceId()));
            }
        }
        List<String> lockKeys = new ArrayList<>(ids.stream().map(keys::meta).toList());
        lockKeys.addAll(indexKeys);
        return serial.run(lockKeys, () -> loadAll(ids).thenCombine(loadIndexes(indexKeys), (loaded, indexes) -> {
            Loaded self = loaded.get(id);
            if (!queue.leased(id)) {
                throw new WorkItemLostException("workflow '" + id + "' is no longer leased to this work item");
            }
            if (self == null || !InstanceStates.executionId(self.rec.state())
                    .equals(InstanceStates.executionId(item.state()))) {
                // purged or replaced under the lease: the step has nothing left to apply to
                queue.release(id, true);
                throw new WorkItemLostException("workflow '" + id + "' was purged or replaced during the run");
            }
            return new StepWrite(item, step, loaded, indexes).build();
        }).thenCompose(write -> commit(write.ops).thenRun(write::applied)));
    }

    /** The writes of one committed step, and what to update in memory once they are durable. */
    private final class StepWrite {
        final OrchestrationWorkItem item;
        final OrchestrationStep step;
        final Map<String, InstanceRecord> records = new HashMap<>();
        final Map<String, String> etags = new HashMap<>();
        final Map<String, Index> indexes;
        final Set<String> dirtyIndexes = new HashSet<>();
        final Set<String> touched = new LinkedHashSet<>();
        final Set<String> recreated = new HashSet<>();
        final List<String> forgotten = new ArrayList<>();
        final List<ActivityWorkItem> scheduled = new ArrayList<>();
        final List<StateOperation> ops = new ArrayList<>();

        StepWrite(OrchestrationWorkItem item, OrchestrationStep step, Map<String, Loaded> loaded,
                Map<String, Index> indexes) {
            this.item = item;
            this.step = step;
            this.indexes = indexes;
            loaded.forEach((k, l) -> {
                records.put(k, l.rec);
                etags.put(k, l.etag);
            });
        }

        /** The step creates instance {@code id}, replacing {@code old} if there is one. */
        void startFresh(String id, Loaded old) {
            if (old != null) {
                deleteInstanceKeys(id, old.rec, ops, forgotten);
            } else {
                String k = keys.indexOf(id);
                indexes.get(k).ids().add(id);
                dirtyIndexes.add(k);
                etags.put(id, null);
            }
            records.put(id, new InstanceRecord());
            recreated.add(id);
        }

        StepWrite build() {
            String id = item.instanceId();
            InstanceRecord rec = records.get(id);
            touched.add(id);
            for (int i = 0; i < item.inbox().size(); i++) {
                ops.add(DeleteRequest.of(keys.inbox(id, rec.inbox.remove(0).seq())));
            }
            if (step.resetHistory()) {
                for (int c = 0; c < rec.chunks; c++) {
                    ops.add(DeleteRequest.of(keys.historyChunk(id, c)));
                }
                rec.chunks = 0;
            }
            if (!step.appended().isEmpty()) {
                ops.add(SetRequest.of(keys.historyChunk(id, rec.chunks), StoreCodec.chunk(step.appended())));
                rec.chunks++;
            }
            List<InstanceRecord.InboxEntry> head = new ArrayList<>();
            for (HistoryEvent e : step.requeued()) {
                long seq = rec.nextSeq++;
                ops.add(SetRequest.of(keys.inbox(id, seq), e.toByteArray()));
                head.add(new InstanceRecord.InboxEntry(seq, wakes(e)));
            }
            rec.inbox.addAll(0, head);
            for (ActivityRequest a : step.activities()) {
                String activityId = activityId(a);
                ops.add(SetRequest.of(keys.activity(id, activityId), a.toByteArray()));
                rec.activities.add(activityId);
                scheduled.add(new ActivityWorkItem(a));
            }
            for (DurableTimer t : step.timers()) {
                rec.timers.add(new InstanceRecord.TimerEntry(t.executionId(), t.timerId(), t.fireAt().toString()));
            }
            rec.state(step.state());
            step.messages().forEach(this::deliver);
            for (String t : touched) {
                ops.add(metaWrite(t, etags.get(t), records.get(t)));
            }
            for (String k : dirtyIndexes) {
                ops.add(indexWrite(k, indexes.get(k)));
            }
            return this;
        }

        private void deliver(OutgoingMessage m) {
            String target = m.targetInstanceId();
            HistoryEvent e = m.event();
            InstanceRecord tr = records.get(target);
            if (e.hasExecutionStarted()) {
                if (tr != null && !Histories.isTerminal(tr.state().getOrchestrationStatus())) {
                    InstanceStates.childRefused(e).ifPresent(this::deliver);
                    return;
                }
                if (tr != null) {
                    deleteInstanceKeys(target, tr, ops, forgotten);
                } else {
                    String k = keys.indexOf(target);
                    indexes.get(k).ids().add(target);
                    dirtyIndexes.add(k);
                }
                tr = new InstanceRecord();
                tr.state(InstanceStates.pending(e));
                records.put(target, tr);
                recreated.add(target);
            } else if (tr == null) {
                // an event for an instance that does not exist (or was not loaded) has nowhere to go
                LOG.debugf("workflow %s: dropped an event for unknown instance %s", item.instanceId(), target);
                return;
            }
            appendInbox(target, tr, e, ops);
            touched.add(target);
        }

        void applied() {
            String id = item.instanceId();
            InstanceRecord rec = records.get(id);
            List<HistoryEvent> history = new ArrayList<>(step.resetHistory() ? List.of() : item.pastEvents());
            history.addAll(step.appended());
            recreated.forEach(historyCache::remove);
            if (Histories.isTerminal(step.state().getOrchestrationStatus())) {
                // only running instances are worth the memory: a finished one is rarely read again
                historyCache.remove(id);
            } else {
                historyCache.put(id, new CachedHistory(rec.chunks, List.copyOf(history)));
            }
            pendingActivities.removeAll(forgotten);
            for (ActivityWorkItem a : scheduled) {
                pendingActivities.add(storeKey(a));
            }
            scheduled.forEach(activityQueue::offer);
            queue.release(id, rec.runnable());
            for (String t : touched) {
                if (!t.equals(id) && records.get(t).runnable()) {
                    queue.signal(t);
                }
            }
        }
    }

    @Override
    public CompletionStage<Void> abandonOrchestrationWorkItem(OrchestrationWorkItem item) {
        queue.release(item.instanceId(), true);
        return CompletableFuture.completedFuture(null);
    }

    // ---- activities

    @Override
    public CompletionStage<Void> deferOrchestrationWorkItem(OrchestrationWorkItem item) {
        queue.release(item.instanceId(), false);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> wake(String instanceId) {
        return load(instanceId).thenAccept(l -> {
            if (l != null && l.rec.runnable()) {
                queue.signal(instanceId);
            }
        });
    }

    @Override
    public CompletionStage<ActivityWorkItem> nextActivityWorkItem() {
        return activityQueue.take().thenCompose(item -> pendingActivities.contains(storeKey(item))
                ? CompletableFuture.completedFuture(item)
                : nextActivityWorkItem());
    }

    @Override
    public CompletionStage<Void> completeActivityWorkItems(String id, List<ActivityResult> results) {
        List<ActivityResult> pending = results.stream().filter(r -> pendingActivities.contains(storeKey(r.item())))
                .toList();
        if (pending.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return serial.run(List.of(keys.meta(id)), () -> load(id).thenCompose(l -> {
            List<StateOperation> ops = new ArrayList<>();
            boolean deliver = false;
            boolean changed = false;
            for (ActivityResult r : pending) {
                ActivityWorkItem item = r.item();
                ops.add(DeleteRequest.of(storeKey(item)));
                if (l != null && l.rec.activities.remove(activityId(item.request()))) {
                    changed = true;
                    if (InstanceStates.executionId(l.rec.state()).equals(item.executionId())) {
                        appendInbox(id, l.rec, r.result(), ops);
                        deliver = true;
                    }
                }
            }
            if (changed) {
                ops.add(metaWrite(id, l.etag, l.rec));
            }
            boolean wake = deliver && l.rec.runnable();
            return commit(ops).thenRun(() -> {
                pending.forEach(r -> pendingActivities.remove(storeKey(r.item())));
                if (wake) {
                    queue.signal(id);
                }
            });
        }));
    }

    @Override
    public CompletionStage<Void> abandonActivityWorkItem(ActivityWorkItem item) {
        if (pendingActivities.contains(storeKey(item))) {
            activityQueue.offer(item);
        }
        return CompletableFuture.completedFuture(null);
    }

    // ---- timers

    @Override
    public CompletionStage<Void> fireTimer(DurableTimer timer, HistoryEvent firedEvent) {
        String id = timer.instanceId();
        return serial.run(List.of(keys.meta(id)), () -> load(id).thenCompose(l -> {
            if (l == null || !l.rec.timers.removeIf(
                    t -> t.executionId().equals(timer.executionId()) && t.timerId() == timer.timerId())) {
                return CompletableFuture.completedFuture(null);
            }
            List<StateOperation> ops = new ArrayList<>();
            boolean current = InstanceStates.executionId(l.rec.state()).equals(timer.executionId());
            if (current) {
                appendInbox(id, l.rec, firedEvent, ops);
            }
            ops.add(metaWrite(id, l.etag, l.rec));
            return commit(ops).thenRun(() -> {
                if (current && l.rec.runnable()) {
                    queue.signal(id);
                }
            });
        }));
    }

    // ---- purge, listing, queries

    @Override
    public CompletionStage<Boolean> purgeInstance(String instanceId) {
        String indexKey = keys.indexOf(instanceId);
        return serial.run(List.of(keys.meta(instanceId), indexKey), () -> load(instanceId).thenCompose(l -> {
            if (l == null) {
                return CompletableFuture.completedFuture(false);
            }
            if (!Histories.isTerminal(l.rec.state().getOrchestrationStatus())) {
                return CompletableFuture.failedFuture(new InstanceStillRunningException(instanceId));
            }
            List<StateOperation> ops = new ArrayList<>();
            List<String> forgotten = new ArrayList<>();
            deleteInstanceKeys(instanceId, l.rec, ops, forgotten);
            ops.add(new DeleteRequest(keys.meta(instanceId), l.etag, Map.of(), StateOptions.DEFAULT));
            return loadIndex(indexKey).thenCompose(index -> {
                if (index.ids().remove(instanceId)) {
                    ops.add(indexWrite(indexKey, index));
                }
                return commit(ops);
            }).thenApply(v -> {
                historyCache.remove(instanceId);
                pendingActivities.removeAll(forgotten);
                queue.forget(instanceId);
                return true;
            });
        }));
    }

    @Override
    public CompletionStage<InstanceIdPage> listInstanceIds(String continuationToken, int pageSize) {
        return allIds().thenApply(ids -> InstanceQueries.page(new ArrayList<>(ids), continuationToken, pageSize));
    }

    @Override
    public CompletionStage<QueryInstancesResponse> queryInstances(InstanceQuery query) {
        return allRecords().thenApply(records -> {
            List<OrchestrationState> states = new ArrayList<>(records.size());
            records.values().forEach(l -> states.add(l.rec.state()));
            return InstanceQueries.query(states, query);
        });
    }

    @Override
    public CompletionStage<Void> stop() {
        queue.close();
        activityQueue.close();
        return lease.release().whenComplete((v, e) -> close());
    }

    @Override
    public void close() {
        lease.close();
        queue.close();
        activityQueue.close();
        executor.shutdownNow();
    }

    // ---- store access

    private CompletionStage<Void> commit(List<StateOperation> ops) {
        if (!lease.held()) {
            return CompletableFuture
                    .failedFuture(new WorkflowException("this engine no longer owns the workflow state store"));
        }
        int max = store.maxOperations();
        if (max >= 0 && ops.size() > max) {
            // splitting would give up all-or-nothing; say what happened instead of half-writing a step
            return CompletableFuture.failedFuture(new WorkflowException("a workflow step needs " + ops.size()
                    + " writes in one transaction; the state store allows " + max));
        }
        return writes.commit(ops);
    }

    private CompletionStage<Loaded> load(String id) {
        return StoreCalls.stage(store.get(GetRequest.of(keys.meta(id)))).thenApply(r -> r.found()
                ? new Loaded(StoreCodec.json(r.data(), InstanceRecord.class), r.etag())
                : null);
    }

    private CompletionStage<Map<String, Loaded>> loadAll(Collection<String> ids) {
        List<GetRequest> gets = ids.stream().map(id -> GetRequest.of(keys.meta(id))).toList();
        return StoreCalls.stage(store.bulkGet(gets)).thenApply(items -> {
            Map<String, Loaded> out = new LinkedHashMap<>();
            int i = 0;
            for (String id : ids) {
                BulkGetItem item = find(items, gets.get(i++).key());
                if (item.response().found()) {
                    out.put(id, new Loaded(StoreCodec.json(item.response().data(), InstanceRecord.class),
                            item.response().etag()));
                }
            }
            return out;
        });
    }

    private static BulkGetItem find(List<BulkGetItem> items, String key) {
        for (BulkGetItem item : items) {
            if (item.key().equals(key)) {
                if (item.error() != null) {
                    throw new WorkflowException("workflow state store read of '" + key + "' failed: " + item.error());
                }
                return item;
            }
        }
        throw new WorkflowException("workflow state store returned no answer for '" + key + "'");
    }

    /** The values of the keys that exist. */
    private CompletionStage<Map<String, byte[]>> bulkGet(List<String> keyList) {
        if (keyList.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        List<GetRequest> gets = keyList.stream().map(GetRequest::of).toList();
        return StoreCalls.stage(store.bulkGet(gets)).thenApply(items -> {
            Map<String, byte[]> out = new HashMap<>();
            for (String k : keyList) {
                BulkGetItem item = find(items, k);
                if (item.response().found()) {
                    out.put(k, item.response().data());
                }
            }
            return out;
        });
    }

    private CompletionStage<List<HistoryEvent>> history(String id, InstanceRecord rec) {
        CachedHistory cached = historyCache.get(id);
        if (cached != null && cached.chunks() == rec.chunks) {
            return CompletableFuture.completedFuture(cached.events());
        }
        List<String> chunkKeys = new ArrayList<>(rec.chunks);
        for (int c = 0; c < rec.chunks; c++) {
            chunkKeys.add(keys.historyChunk(id, c));
        }
        return bulkGet(chunkKeys).thenApply(found -> {
            List<HistoryEvent> events = new ArrayList<>();
            for (String k : chunkKeys) {
                byte[] data = found.get(k);
                if (data == null) {
                    throw new WorkflowException("workflow '" + id + "': history chunk " + k + " is missing");
                }
                events.addAll(StoreCodec.chunk(data));
            }
            List<HistoryEvent> history = List.copyOf(events);
            historyCache.put(id, new CachedHistory(rec.chunks, history));
            return history;
        });
    }

    private CompletionStage<Index> loadIndex(String key) {
        return StoreCalls.stage(store.get(GetRequest.of(key))).thenApply(r -> {
            TreeSet<String> ids = new TreeSet<>();
            if (r.found()) {
                for (String id : StoreCodec.json(r.data(), String[].class)) {
                    ids.add(id);
                }
            }
            return new Index(ids, r.found() ? r.etag() : null);
        });
    }

    private CompletionStage<Map<String, Index>> loadIndexes(Collection<String> indexKeys) {
        CompletionStage<Map<String, Index>> all = CompletableFuture.completedFuture(new HashMap<>());
        for (String k : indexKeys) {
            all = all.thenCombine(loadIndex(k), (m, index) -> {
                m.put(k, index);
                return m;
            });
        }
        return all;
    }

    private CompletionStage<TreeSet<String>> allIds() {
        List<String> indexKeys = new ArrayList<>();
        for (int p = 0; p < StateKeys.PARTITIONS; p++) {
            indexKeys.add(keys.index(p));
        }
        return bulkGet(indexKeys).thenApply(found -> {
            TreeSet<String> ids = new TreeSet<>();
            found.values().forEach(data -> ids.addAll(List.of(StoreCodec.json(data, String[].class))));
            return ids;
        });
    }

    private CompletionStage<Map<String, Loaded>> allRecords() {
        return allIds().thenCompose(ids -> {
            List<String> list = new ArrayList<>(ids);
            CompletionStage<Map<String, Loaded>> all = CompletableFuture.completedFuture(new LinkedHashMap<>());
            for (int from = 0; from < list.size(); from += READ_BATCH) {
                List<String> batch = list.subList(from, Math.min(list.size(), from + READ_BATCH));
                all = all.thenCompose(m -> loadAll(batch).thenApply(part -> {
                    m.putAll(part);
                    return m;
                }));
            }
            return all;
        });
    }

    // ---- record helpers

    private SetRequest metaWrite(String id, String etag, InstanceRecord rec) {
        return new SetRequest(keys.meta(id), StoreCodec.json(rec), etag, Map.of(),
                etag == null ? CREATE : StateOptions.DEFAULT);
    }

    private SetRequest indexWrite(String key, Index index) {
        return new SetRequest(key, StoreCodec.json(index.ids().toArray(String[]::new)), index.etag(), Map.of(),
                index.etag() == null ? CREATE : StateOptions.DEFAULT);
    }

    private void appendInbox(String id, InstanceRecord rec, HistoryEvent e, List<StateOperation> ops) {
        long seq = rec.nextSeq++;
        ops.add(SetRequest.of(keys.inbox(id, seq), e.toByteArray()));
        rec.inbox.add(new InstanceRecord.InboxEntry(seq, wakes(e)));
    }

    /** Deletes everything of an instance but its metadata record. */
    private void deleteInstanceKeys(String id, InstanceRecord rec, List<StateOperation> ops, List<String> forgotten) {
        for (int c = 0; c < rec.chunks; c++) {
            ops.add(DeleteRequest.of(keys.historyChunk(id, c)));
        }
        for (InstanceRecord.InboxEntry e : rec.inbox) {
            ops.add(DeleteRequest.of(keys.inbox(id, e.seq())));
        }
        for (String a : rec.activities) {
            String k = keys.activity(id, a);
            ops.add(DeleteRequest.of(k));
            forgotten.add(k);
        }
    }

    private static boolean wakes(HistoryEvent e) {
        return e.hasExecutionResumed() || e.hasExecutionTerminated();
    }

    private static String activityId(ActivityRequest a) {
        return a.getOrchestrationInstance().getExecutionId().getValue() + "||" + a.getTaskId();
    }

    private String storeKey(ActivityWorkItem item) {
        return keys.activity(item.instanceId(), activityId(item.request()));
    }
}
