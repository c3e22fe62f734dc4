package io.quapr.sidecar.jobs;

import io.dapr.v1.DaprJobsProtos.Job;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.quapr.spi.state.ETagMismatchException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The jobs building block, shared by the HTTP and gRPC APIs: checks a request in daprd's order and
 * with its answers, and keeps the jobs through the {@link JobScheduler}'s store.
 */
@ApplicationScoped
public class JobsService {

    @Inject
    JobScheduler scheduler;

    /**
     * Schedules a job.
     *
     * @param job the job; null is daprd's "Job is empty"
     * @param overwrite replace a job of the same name; otherwise one existing is an error
     */
    public Uni<Void> schedule(Job job, boolean overwrite) {
        if (job == null) {
            throw new DaprException(ErrorCode.SCHEDULER_EMPTY, "Job is empty");
        }
        requireName(job.getName());
        if (job.getName().startsWith(JobScheduler.RESERVED_PREFIX)) {
            throw new DaprException(ErrorCode.SCHEDULER_SCHEDULE_JOB_INVALID,
                    "failed to schedule job due to: a job name may not start with " + JobScheduler.RESERVED_PREFIX);
        }
        if (!job.hasSchedule() && !job.hasDueTime()) {
            throw new DaprException(ErrorCode.SCHEDULER_SCHEDULE_EMPTY, "Schedule is empty");
        }
        Instant now = Instant.now();
        JobTimes times;
        try {
            times = JobScheduler.times(new JobRecord(job, now.toEpochMilli(), 0, 0, 0, "", 0));
        } catch (IllegalArgumentException e) {
            throw new DaprException(ErrorCode.SCHEDULER_SCHEDULE_JOB_INVALID,
                    "failed to schedule job due to: " + e.getMessage());
        }
        Instant first = times.first(now);
        // a job that never runs (its TTL ends first) is kept until the scheduler sees that, at once
        long due = first == null ? now.toEpochMilli() : first.toEpochMilli();
        JobRecord record = new JobRecord(job, now.toEpochMilli(), due, 0, 0, "", 0);
        return guard(scheduler.store().create(record, overwrite)
                .invoke(() -> scheduler.scheduled(record))
                .onFailure(ETagMismatchException.class).transform(e -> new DaprException(
                        ErrorCode.SCHEDULER_SCHEDULE_JOB_EXISTS, "failed to schedule job due to: job already exists: "
                                + job.getName())),
                ErrorCode.SCHEDULER_SCHEDULE_JOB, "failed to schedule job due to: ");
    }

    /** The job as it was scheduled; daprd's error when there is none. */
    public Uni<Job> get(String name) {
        requireName(name);
        return guard(scheduler.store().get(name).map(s -> {
            if (s == null || !s.record().target().isEmpty()) {
                throw new DaprException(ErrorCode.SCHEDULER_GET_JOB, "failed to get job due to: job not found: "
                        + name);
            }
            return s.record().job();
        }), ErrorCode.SCHEDULER_GET_JOB, "failed to get job due to: ");
    }

    /** Deletes a job; deleting one that does not exist succeeds, as in daprd. */
    public Uni<Void> delete(String name) {
        requireName(name);
        if (name.startsWith(JobScheduler.RESERVED_PREFIX)) {
            // another block's job (an actor reminder): not the jobs API's to delete
            return Uni.createFrom().voidItem();
        }
        return guard(scheduler.store().delete(name).invoke(() -> scheduler.deleted(name)),
                ErrorCode.SCHEDULER_DELETE_JOB, "failed to delete job due to: ");
    }

    /** Every job of the app. */
    public Uni<List<Job>> list() {
        JobStore store = scheduler.store();
        return guard(store.names().chain(names -> store.getAll(List.copyOf(names)))
                .map(all -> all.stream().filter(s -> s.record().target().isEmpty()).map(s -> s.record().job())
                        .toList()),
                ErrorCode.SCHEDULER_LIST_JOBS,
                "failed to list jobs due to: ");
    }

    /** Deletes the app's jobs whose names start with the prefix (all of them for an empty one). */
    public Uni<Void> deleteByPrefix(String prefix) {
        JobStore store = scheduler.store();
        Function<String, Uni<Void>> delete = n -> store.delete(n).invoke(() -> scheduler.deleted(n));
        return guard(store.names().chain(names -> {
            List<Uni<Void>> deletes = names.stream()
                    .filter(n -> n.startsWith(prefix) && !n.startsWith(JobScheduler.RESERVED_PREFIX)).map(delete)
                    .toList();
            return deletes.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : Uni.join().all(deletes).andFailFast()
                            .replaceWithVoid();
        }), ErrorCode.SCHEDULER_DELETE_JOB, "failed to delete job due to: ");
    }

    private static void requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw new DaprException(ErrorCode.SCHEDULER_JOB_NAME_EMPTY, "Name is empty");
        }
    }

    private static <T> Uni<T> guard(Uni<T> call, ErrorCode code, String prefix) {
        return call.onFailure(e -> !(e instanceof DaprException)).transform(e -> new DaprException(code, prefix + e
                .getMessage()).withCause(e));
    }
}
