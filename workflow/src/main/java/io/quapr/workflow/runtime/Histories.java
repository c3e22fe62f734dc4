package io.quapr.workflow.runtime;

import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Facts read off a history or an inbox. */
public final class Histories {

    private Histories() {
    }

    /** Whether an instance in this status has finished for good. */
    public static boolean isTerminal(OrchestrationStatus status) {
        return status == OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED
                || status == OrchestrationStatus.ORCHESTRATION_STATUS_FAILED
                || status == OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED
                || status == OrchestrationStatus.ORCHESTRATION_STATUS_CANCELED;
    }

    /**
     * Whether an instance with this inbox should run: anything wakes a running one, but a
     * suspended one keeps its events buffered until a resume or terminate arrives.
     */
    public static boolean runnable(OrchestrationStatus status, Collection<HistoryEvent> inbox) {
        if (inbox.isEmpty()) {
            return false;
        }
        if (status != OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED) {
            return true;
        }
        for (HistoryEvent e : inbox) {
            if (e.hasExecutionResumed() || e.hasExecutionTerminated()) {
                return true;
            }
        }
        return false;
    }

    /** The first {@code ExecutionStarted} of the events, if any. */
    public static Optional<HistoryEvent> executionStarted(List<HistoryEvent> events) {
        for (HistoryEvent e : events) {
            if (e.hasExecutionStarted()) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Every sub-orchestration instance id the history created, in creation order. */
    public static List<String> childInstanceIds(List<HistoryEvent> history) {
        List<String> ids = new ArrayList<>();
        for (HistoryEvent e : history) {
            if (e.hasSubOrchestrationInstanceCreated()) {
                ids.add(e.getSubOrchestrationInstanceCreated().getInstanceId());
            }
        }
        return ids;
    }

    /** The sub-orchestrations the history created whose completion it has not seen yet. */
    public static List<String> runningChildInstanceIds(List<HistoryEvent> history) {
        Map<Integer, String> open = new LinkedHashMap<>();
        Set<Integer> done = new HashSet<>();
        for (HistoryEvent e : history) {
            if (e.hasSubOrchestrationInstanceCreated()) {
                open.put(e.getEventId(), e.getSubOrchestrationInstanceCreated().getInstanceId());
            } else if (e.hasSubOrchestrationInstanceCompleted()) {
                done.add(e.getSubOrchestrationInstanceCompleted().getTaskScheduledId());
            } else if (e.hasSubOrchestrationInstanceFailed()) {
                done.add(e.getSubOrchestrationInstanceFailed().getTaskScheduledId());
            }
        }
        List<String> ids = new ArrayList<>();
        open.forEach((id, instance) -> {
            if (!done.contains(id)) {
                ids.add(instance);
            }
        });
        return ids;
    }
}
