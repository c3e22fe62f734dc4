package io.quapr.workflow;

import io.quapr.workflow.proto.OrchestratorService.OrchestrationStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * How long finished instances are kept before they are purged, as Dapr's
 * {@code workflow.stateRetentionPolicy}: a duration per terminal status, falling back to
 * {@code anyTerminal}; {@code null} everywhere keeps instances until purged explicitly.
 *
 * @param anyTerminal for any finished instance without a more specific duration
 * @param completed for COMPLETED instances
 * @param failed for FAILED instances
 * @param terminated for TERMINATED instances
 */
public record RetentionPolicy(Duration anyTerminal, Duration completed, Duration failed, Duration terminated) {

    /** Keep everything until purged. */
    public static final RetentionPolicy KEEP = new RetentionPolicy(null, null, null, null);

    /** Checks that no duration is negative. */
    public RetentionPolicy {
        for (Duration d : new Duration[] { anyTerminal, completed, failed, terminated }) {
            if (d != null && d.isNegative()) {
                throw new IllegalArgumentException("retention durations must not be negative");
            }
        }
    }

    /** The same duration for every terminal status. */
    public static RetentionPolicy anyTerminal(Duration keep) {
        return new RetentionPolicy(keep, null, null, null);
    }

    /** How long an instance that ended in {@code status} is kept; empty: until purged. */
    public Optional<Duration> retentionFor(OrchestrationStatus status) {
        Duration specific = switch (status) {
            case ORCHESTRATION_STATUS_COMPLETED -> completed;
            case ORCHESTRATION_STATUS_FAILED -> failed;
            case ORCHESTRATION_STATUS_TERMINATED -> terminated;
            default -> null;
        };
        return Optional.ofNullable(specific != null ? specific : anyTerminal);
    }

    /** Whether any instance is ever purged by this policy. */
    public boolean purgesAnything() {
        return anyTerminal != null || completed != null || failed != null || terminated != null;
    }
}
