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
 * @param stateRetentionPolicy how long completed, failed and terminated instances are kept before
 *        they are purged
 * @param resultBatchWindow how long an activity's result may wait for the results of its
 *        workflow's other running activities, so that they are committed together and the workflow
 *        runs once for all of them; zero commits each result alone
 */
public record Configuration(int maxConcurrentWorkflowInvocations, int maxConcurrentActivityInvocations,
        Duration leaseDuration, RetentionPolicy stateRetentionPolicy, Duration resultBatchWindow) {

    /**
     * 100 workflows and 100 activities per worker, 1 minute leases, finished instances kept, results
     * batched for up to 5 ms.
     */
    public static final Configuration DEFAULT = new Configuration(100, 100, Duration.ofMinutes(1),
            RetentionPolicy.KEEP, Duration.ofMillis(5));

    /** Checks the values. */
    public Configuration {
        if (maxConcurrentWorkflowInvocations < 1 || maxConcurrentActivityInvocations < 1) {
            throw new IllegalArgumentException("concurrency limits must be at least 1");
        }
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        if (leaseDuration.isNegative() || leaseDuration.isZero()) {
            throw new IllegalArgumentException("leaseDuration must be positive");
        }
        Objects.requireNonNull(stateRetentionPolicy, "stateRetentionPolicy");
        Objects.requireNonNull(resultBatchWindow, "resultBatchWindow");
        if (resultBatchWindow.isNegative()) {
            throw new IllegalArgumentException("resultBatchWindow must not be negative");
        }
    }

    /** This configuration with another lease duration. */
    public Configuration withLeaseDuration(Duration lease) {
        return new Configuration(maxConcurrentWorkflowInvocations, maxConcurrentActivityInvocations, lease,
                stateRetentionPolicy, resultBatchWindow);
    }

    /** This configuration with another retention policy. */
    public Configuration withStateRetentionPolicy(RetentionPolicy policy) {
        return new Configuration(maxConcurrentWorkflowInvocations, maxConcurrentActivityInvocations, leaseDuration,
                policy, resultBatchWindow);
    }

    /** This configuration with other concurrency limits. */
    public Configuration withConcurrency(int workflows, int activities) {
        return new Configuration(workflows, activities, leaseDuration, stateRetentionPolicy, resultBatchWindow);
    }

    /** This configuration with another result batch window. */
    public Configuration withResultBatchWindow(Duration window) {
        return new Configuration(maxConcurrentWorkflowInvocations, maxConcurrentActivityInvocations, leaseDuration,
                stateRetentionPolicy, window);
    }
}
