package io.quapr.workflow;

import java.time.Duration;
import java.util.Objects;

/**
 * How the engine runs.
 *
 * @param maxConcurrentWorkflowInvocations the most orchestrator work items one worker holds at a
 *        time (a worker asking for fewer in {@code GetWorkItemsRequest} gets fewer)
 * @param maxConcurrentActivityInvocations the most activity work items one worker holds at a time
 * @param leaseDuration how long a worker may hold a work item before it is taken back and handed
 *        out again; also how long a state-store backend's ownership of the store lasts without
 *        renewal, so a crashed engine's successor waits at most this long
 * @param stateRetention how long a completed, failed or terminated instance is kept before it is
 *        purged; {@code null} keeps it until purged explicitly
 */
public record Configuration(int maxConcurrentWorkflowInvocations, int maxConcurrentActivityInvocations,
        Duration leaseDuration, Duration stateRetention) {

    /** Dapr's defaults: 100 workflows and 100 activities per worker, 1 minute leases, keep forever. */
    public static final Configuration DEFAULT = new Configuration(100, 100, Duration.ofMinutes(1), null);

    /** Checks the values. */
    public Configuration {
        if (maxConcurrentWorkflowInvocations < 1 || maxConcurrentActivityInvocations < 1) {
            throw new IllegalArgumentException("concurrency limits must be at least 1");
        }
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        if (leaseDuration.isNegative() || leaseDuration.isZero()) {
            throw new IllegalArgumentException("leaseDuration must be positive");
        }
        if (stateRetention != null && stateRetention.isNegative()) {
            throw new IllegalArgumentException("stateRetention must not be negative");
        }
    }

    /** This configuration with another lease duration. */
    public Configuration withLeaseDuration(Duration lease) {
        return new Configuration(maxConcurrentWorkflowInvocations, maxConcurrentActivityInvocations, lease,
                stateRetention);
    }

    /** This configuration with another retention ({@code null}: keep forever). */
    public Configuration withStateRetention(Duration retention) {
        return new Configuration(maxConcurrentWorkflowInvocations, maxConcurrentActivityInvocations, leaseDuration,
                retention);
    }

    /** This configuration with other concurrency limits. */
    public Configuration withConcurrency(int workflows, int activities) {
        return new Configuration(workflows, activities, leaseDuration, stateRetention);
    }
}
