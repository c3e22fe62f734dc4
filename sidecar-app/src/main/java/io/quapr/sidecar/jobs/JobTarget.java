package io.quapr.sidecar.jobs;

import io.dapr.v1.DaprJobsProtos.Job;
import io.smallrye.mutiny.Uni;

/**
 * A taker of due jobs other than the app's {@code /job/<name>} route: a bean implementing it
 * receives the runs of the jobs scheduled for it with {@link JobScheduler#put}. The scheduler
 * treats its answer as it treats the app's: an item means taken, a failure is retried by the
 * job's failure policy.
 */
public interface JobTarget {

    /** The name a stored job carries to be delivered here (kept in the store: never change it). */
    String name();

    /** Delivers one run of the job. */
    Uni<Void> deliver(Job job);
}
