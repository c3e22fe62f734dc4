package io.quapr.sidecar.jobs;

import io.dapr.v1.CommonProtos.JobFailurePolicy;
import io.dapr.v1.DaprJobsProtos.Job;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.components.ComponentLoader;
import io.quapr.sidecar.components.ComponentResource;
import io.quapr.sidecar.components.Components;
import io.quapr.sidecar.components.LiveComponent;
import io.quapr.sidecar.workflow.WorkflowRuntime;
import io.quapr.spi.state.ETagMismatchException;
import io.quapr.spi.state.StateStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The scheduler every sidecar of an app runs, instead of daprd's scheduler service: the jobs live
 * in the actor state store ({@link JobStore}); each sidecar follows their index ({@link IndexWatcher}),
 * keeps when each is due ({@link DueQueue}), and fires the due ones, up to {@link #IN_FLIGHT} at
 * once. To fire one it first takes the job's lease with an ETag-guarded write,
 * so of several sidecars of the app exactly one fires each run; a sidecar that dies holding a
 * lease leaves it to run out ({@link #LEASE}), and another fires the run then. Nothing is lost:
 * a run is consumed only after the app took it or its failure policy gave up.
 *
 * <p>
 * A run missed while no sidecar was up fires once when one is; the runs after it count from then
 * (daprd's scheduler does not replay a backlog either).
 */
@ApplicationScoped
public class JobScheduler {

    private static final Logger LOG = Logger.getLogger(JobScheduler.class);
    /** How often due jobs are looked for: the firing precision. */
    private static final Duration TICK = Duration.ofMillis(50);
    /** How often the index's change marker is read for jobs other sidecars scheduled or deleted. */
    private static final Duration LIST = Duration.ofSeconds(1);
    /** How often every bucket of the index is read though the marker did not move. */
    private static final Duration LIST_ALL = Duration.ofSeconds(10);
    /** How often each job is read again, for changes other sidecars made that the index does not show. */
    private static final Duration REREAD = Duration.ofMinutes(5);
    /** How long a claim holds: longer than a delivery may take. */
    static final Duration LEASE = JobTrigger.TIMEOUT.multipliedBy(2);
    /** daprd's failure policy when a job names none: retry every second, three times. */
    private static final Duration DEFAULT_RETRY = Duration.ofSeconds(1);
    private static final int DEFAULT_RETRIES = 3;
    /** The most runs being claimed, delivered and recorded at once, so a backlog does not swamp the app. */
    private static final int IN_FLIGHT = 256;
    /** When a job whose firing failed (the store did not answer) is tried again. */
    private static final Duration AFTER_ERROR = Duration.ofSeconds(1);

    @Inject
    Components components;

    @Inject
    ComponentLoader loader;

    @Inject
    SidecarConfig config;

    @Inject
    JobTrigger trigger;

    @Inject
    Vertx vertx;

    @Inject
    Instance<JobTarget> targets;

    private final String instance = UUID.randomUUID().toString();
    /** When each known job is next due here; a job being fired is not in it. */
    private final DueQueue queue = new DueQueue();
    private final Set<String> firing = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final AtomicInteger fired = new AtomicInteger();
    private volatile JobStore store;
    private volatile IndexWatcher watcher;
    private volatile long listedAt;
    private volatile long timer = -1;
    private volatile boolean closing;

    /** After the components are loaded (2500) and the workflow engine picked its store. */
    void onStart(@Observes @Priority(3100) StartupEvent event) {
        store = new JobStore(stateStore(), config.appId().orElse(""));
        watcher = new IndexWatcher(store.index(), LIST_ALL.toMillis(), REREAD.toMillis(), LIST.toMillis());
        timer = vertx.setPeriodic(TICK.toMillis(), id -> tick());
    }

    /** Before the components close: no new firing starts; the state of those under way is kept. */
    void onStop(@Observes @Priority(1000) ShutdownEvent event) {
        closing = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The store the API reads and writes. */
    JobStore store() {
        return store;
    }

    /** A job this sidecar just scheduled: known here at once, without waiting for the index. */
    void scheduled(JobRecord record) {
        queue.put(record.name(), record.due());
        watcher.loaded(record.name(), record.created());
    }

    /** A job this sidecar just deleted. */
    void deleted(String name) {
        queue.remove(name);
        watcher.forget(name);
    }

    /**
     * Schedules (or replaces) a job that a {@link JobTarget} takes instead of the app: how actor
     * reminders are kept and fired. It is stored beside the app's jobs but hidden from the jobs API.
     *
     * @param job the job; its name must be unique among all jobs of the app
     * @param target the {@link JobTarget#name()} that takes it
     * @param overwrite replace one of that name; otherwise an existing one fails with
     *        {@link ETagMismatchException}
     * @throws IllegalArgumentException when its times do not parse
     */
    public Uni<Void> put(Job job, String target, boolean overwrite) {
        long now = System.currentTimeMillis();
        JobTimes t = times(new JobRecord(job, now, 0, 0, 0, "", 0, target));
        Instant first = t.first(Instant.ofEpochMilli(now));
        long at = first == null ? now : first.toEpochMilli();
        JobRecord record = new JobRecord(job, now, at, 0, 0, "", 0, target);
        return store.create(record, overwrite).invoke(() -> scheduled(record));
    }

    /** A job scheduled with {@link #put} for that target, or null. */
    public Uni<Job> find(String name, String target) {
        return store.get(name).map(s -> s == null || !s.record().target().equals(target) ? null : s.record().job());
    }

    /** The jobs scheduled with {@link #put} for that target whose names start with the prefix. */
    public Uni<List<Job>> findAll(String namePrefix, String target) {
        return store.names().chain(names -> store.getAll(names.stream().filter(n -> n.startsWith(namePrefix))
                .toList())).map(all -> all.stream().filter(s -> s.record().target().equals(target)).map(
                        s -> s
                                .record().job())
                        .toList());
    }

    /** Deletes the jobs scheduled with {@link #put} whose names start with the prefix. */
    public Uni<Void> removeAll(String namePrefix) {
        return store.names().chain(names -> {
            List<Uni<Void>> deletes = names.stream().filter(n -> n.startsWith(namePrefix)).map(this::remove)
                    .toList();
            return deletes.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : Uni.join().all(deletes).andFailFast()
                            .replaceWithVoid();
        });
    }

    /** Deletes a job scheduled with {@link #put}; nothing when there is none. */
    public Uni<Void> remove(String name) {
        return store.delete(name).invoke(() -> deleted(name));
    }

    /**
     * Names of jobs of other targets start with this: the jobs API neither deletes nor schedules
     * such names (its own names cannot start with it), so the two never collide.
     */
    public static final String RESERVED_PREFIX = "||";

    /** The runs this sidecar fired (the app took them or they were given up), for tests and metrics. */
    public int fired() {
        return fired.get();
    }

    private StateStore stateStore() {
        Optional<LiveComponent> actorStore = WorkflowRuntime.actorStateStore(components.ofBlock("state"));
        if (actorStore.isPresent()) {
            LOG.infof("jobs are kept in state store '%s'", actorStore.get().name());
            return (StateStore) actorStore.get().instance();
        }
        LOG.warn("no state store has actorStateStore: \"true\": jobs are kept in memory and are lost when the"
                + " sidecar stops (not durable)");
        return (StateStore) loader.startOne(new ComponentResource("built-in jobs store", "quapr-jobs",
                "state.in-memory", "v1", List.of(), null, List.of(), Duration.ofSeconds(5), false));
    }

    private void tick() {
        if (closing) {
            return;
        }
        long now = System.currentTimeMillis();
        if (now - listedAt >= LIST.toMillis() && refreshing.compareAndSet(false, true)) {
            listedAt = now;
            refresh(now).subscribe().with(v -> refreshing.set(false), e -> {
                LOG.warnf("jobs: reading the list of jobs failed: %s", e.getMessage());
                watcher.invalidate();
                refreshing.set(false);
            });
        }
        fireDue(now);
    }

    /** Reads what changed in the index: forgets deleted jobs, loads new and replaced ones. */
    private Uni<Void> refresh(long now) {
        return watcher.poll(now).chain(changes -> {
            changes.removed().forEach(n -> {
                if (!firing.contains(n)) {
                    queue.remove(n);
                }
            });
            return store.getAll(List.copyOf(changes.read().keySet())).invoke(stored -> {
                Map<String, Long> missing = new HashMap<>(changes.read());
                for (JobStore.Stored s : stored) {
                    String name = s.record().name();
                    missing.remove(name);
                    if (!firing.contains(name)) {
                        queue.put(name, dueOf(s.record()));
                        watcher.loaded(name, s.record().created());
                    }
                }
                missing.forEach(watcher::loaded);
            });
        }).replaceWithVoid();
    }

    /** Starts firing the due jobs, as many as the bound leaves room for; the rest wait for the next tick. */
    private void fireDue(long now) {
        int room = IN_FLIGHT - firing.size();
        if (room <= 0) {
            return;
        }
        for (String name : queue.pollDue(now, room)) {
            if (!firing.add(name)) {
                // scheduled again while its earlier version fires: look again once that is done
                queue.put(name, now + TICK.toMillis());
                continue;
            }
            fire(name).subscribe().with(v -> firing.remove(name), e -> {
                LOG.warnf("jobs: firing %s failed: %s", name, e.getMessage());
                queue.put(name, System.currentTimeMillis() + AFTER_ERROR.toMillis());
                firing.remove(name);
            });
        }
    }

    /** Claims the job, hands it to the app, records the outcome; puts it back in the queue for its next run. */
    private Uni<Void> fire(String name) {
        return store.get(name).chain(s -> {
            long now = System.currentTimeMillis();
            if (s == null) {
                forget(name);
                return Uni.createFrom().voidItem();
            }
            JobRecord r = s.record();
            watcher.loaded(name, r.created());
            if (dueOf(r) > now) {
                // not due after all (another sidecar fired it, or holds it)
                queue.put(name, dueOf(r));
                return Uni.createFrom().voidItem();
            }
            JobRecord claimed = r.claimed(instance, now + LEASE.toMillis());
            return store.replace(claimed, s.etag()).map(v -> true).onFailure(ETagMismatchException.class)
                    .recoverWithItem(false).chain(won -> {
                        if (!won) {
                            // another sidecar claimed it first: look again soon
                            queue.put(name, now + TICK.toMillis());
                            return Uni.createFrom().voidItem();
                        }
                        return deliver(claimed);
                    });
        });
    }

    private Uni<Void> deliver(JobRecord claimed) {
        JobTimes times = times(claimed);
        Instant at = Instant.ofEpochMilli(claimed.due());
        if (times.expiry() != null && at.isAfter(times.expiry())) {
            return finish(claimed, null);
        }
        return deliverTo(claimed).map(v -> true).onFailure().recoverWithItem(e -> {
            LOG.errorf("failed to invoke job %s: %s", claimed.name(), e.getMessage());
            return false;
        }).chain(ok -> {
            long now = System.currentTimeMillis();
            if (ok || !retry(claimed)) {
                fired.incrementAndGet();
                int runs = claimed.count() + 1;
                Instant next = times.next(at, runs);
                if (next != null && next.toEpochMilli() <= now) {
                    // missed runs are not replayed: the next one counts from now
                    next = times.next(Instant.ofEpochMilli(now), runs);
                }
                return finish(claimed.rescheduled(next == null ? -1 : next.toEpochMilli(), runs, 0), next);
            }
            long retryAt = now + retryInterval(claimed).toMillis();
            return finish(claimed.rescheduled(retryAt, claimed.count(), claimed.attempt() + 1), Instant.ofEpochMilli(
                    retryAt));
        });
    }

    /** The app's {@code /job/<name>}, or the job's other target. */
    private Uni<Void> deliverTo(JobRecord claimed) {
        if (claimed.target().isEmpty()) {
            return trigger.trigger(claimed.job());
        }
        for (JobTarget t : targets) {
            if (t.name().equals(claimed.target())) {
                return Uni.createFrom().deferred(() -> t.deliver(claimed.job()));
            }
        }
        return Uni.createFrom().failure(new IllegalStateException("no taker for jobs of target " + claimed
                .target()));
    }

    /** Writes the job's new state (or deletes it after its last run), if this sidecar still holds it. */
    private Uni<Void> finish(JobRecord next, Instant nextDue) {
        String name = next.name();
        return store.get(name).chain(s -> {
            if (s == null) {
                forget(name);
                return Uni.createFrom().voidItem();
            }
            if (!instance.equals(s.record().owner())) {
                // replaced meanwhile, or the lease ran out and another sidecar has it
                queue.put(name, dueOf(s.record()));
                return Uni.createFrom().voidItem();
            }
            if (nextDue == null) {
                forget(name);
                return store.delete(s);
            }
            queue.put(name, nextDue.toEpochMilli());
            return store.replace(next, s.etag());
        }).onFailure(ETagMismatchException.class).recoverWithItem(e -> {
            // changed since the read just made: look at it again
            queue.put(name, System.currentTimeMillis() + TICK.toMillis());
            return null;
        });
    }

    private void forget(String name) {
        queue.remove(name);
        watcher.forget(name);
    }

    private boolean retry(JobRecord r) {
        JobFailurePolicy p = r.job().hasFailurePolicy() ? r.job().getFailurePolicy() : null;
        if (p != null && p.hasDrop()) {
            return false;
        }
        if (p != null && p.hasConstant()) {
            return !p.getConstant().hasMaxRetries() || r.attempt() < p.getConstant().getMaxRetries();
        }
        return r.attempt() < DEFAULT_RETRIES;
    }

    private static Duration retryInterval(JobRecord r) {
        JobFailurePolicy p = r.job().getFailurePolicy();
        if (p.hasConstant() && p.getConstant().hasInterval()) {
            return Duration.ofSeconds(p.getConstant().getInterval().getSeconds(),
                    p.getConstant().getInterval().getNanos());
        }
        return DEFAULT_RETRY;
    }

    /** When a stored job is next due: its due time, or the end of another sidecar's claim. */
    private long dueOf(JobRecord r) {
        if (!r.owner().isEmpty() && !r.owner().equals(instance) && r.leaseUntil() > r.due()) {
            return r.leaseUntil();
        }
        return r.due();
    }

    static JobTimes times(JobRecord r) {
        return JobTimes.of(r.job().hasSchedule() ? r.job().getSchedule() : null,
                r.job().hasDueTime() ? r.job().getDueTime() : null, r.job().hasTtl() ? r.job().getTtl() : null,
                r.job().hasRepeats() ? r.job().getRepeats() : null, Instant.ofEpochMilli(r.created()));
    }

    /** Names of the jobs waiting here for their next run, for tests. */
    Set<String> known() {
        return queue.names();
    }
}
