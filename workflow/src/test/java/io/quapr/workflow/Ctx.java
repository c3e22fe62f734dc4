package io.quapr.workflow;

import com.google.protobuf.StringValue;
import io.quapr.workflow.proto.OrchestratorService.CompleteOrchestrationAction;
import io.quapr.workflow.proto.OrchestratorService.CreateSubOrchestrationAction;
import io.quapr.workflow.proto.OrchestratorService.CreateTimerAction;
import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationStatus;
import io.quapr.workflow.proto.OrchestratorService.OrchestratorAction;
import io.quapr.workflow.proto.OrchestratorService.OrchestratorRequest;
import io.quapr.workflow.proto.OrchestratorService.OrchestratorResponse;
import io.quapr.workflow.proto.OrchestratorService.ScheduleTaskAction;
import io.quapr.workflow.proto.OrchestratorService.TaskFailureDetails;
import io.quapr.workflow.runtime.Protos;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a hand-written test orchestrator sees of one work item, and the actions it answers with.
 * Like an SDK it numbers its actions in order, so a new action's id is the number of actions
 * already in the history; unlike an SDK it does not replay code, it reads the history.
 */
final class Ctx {

    final OrchestratorRequest request;
    final List<HistoryEvent> all = new ArrayList<>();
    private final List<OrchestratorAction> actions = new ArrayList<>();
    private int nextId;
    private String customStatus;

    Ctx(OrchestratorRequest request) {
        this.request = request;
        all.addAll(request.getPastEventsList());
        all.addAll(request.getNewEventsList());
        for (HistoryEvent e : all) {
            if (e.hasTaskScheduled() || e.hasTimerCreated() || e.hasSubOrchestrationInstanceCreated()
                    || e.hasEventSent()) {
                nextId = Math.max(nextId, e.getEventId() + 1);
            }
        }
    }

    String instanceId() {
        return request.getInstanceId();
    }

    String input() {
        for (HistoryEvent e : all) {
            if (e.hasExecutionStarted()) {
                return e.getExecutionStarted().getInput().getValue();
            }
        }
        throw new AssertionError("no ExecutionStarted in " + all);
    }

    /** The run's "now": the last OrchestratorStarted. */
    Instant now() {
        Instant t = null;
        for (HistoryEvent e : all) {
            if (e.hasOrchestratorStarted()) {
                t = Protos.instant(e.getTimestamp());
            }
        }
        return t;
    }

    int scheduledCount() {
        return nextId;
    }

    /** Completed task results by task id, in id order. */
    Map<Integer, String> taskResults() {
        Map<Integer, String> r = new TreeMap<>();
        for (HistoryEvent e : all) {
            if (e.hasTaskCompleted()) {
                r.put(e.getTaskCompleted().getTaskScheduledId(), e.getTaskCompleted().getResult().getValue());
            }
        }
        return r;
    }

    Optional<HistoryEvent> taskFailure() {
        return all.stream().filter(HistoryEvent::hasTaskFailed).findFirst();
    }

    Optional<String> event(String name) {
        return all.stream().filter(e -> e.hasEventRaised() && e.getEventRaised().getName().equals(name))
                .map(e -> e.getEventRaised().getInput().getValue()).findFirst();
    }

    boolean timerFired() {
        return all.stream().anyMatch(HistoryEvent::hasTimerFired);
    }

    boolean timerCreated() {
        return all.stream().anyMatch(HistoryEvent::hasTimerCreated);
    }

    Optional<HistoryEvent> subOrchestrationResult() {
        return all.stream()
                .filter(e -> e.hasSubOrchestrationInstanceCompleted() || e.hasSubOrchestrationInstanceFailed())
                .findFirst();
    }

    boolean subOrchestrationCreated() {
        return all.stream().anyMatch(HistoryEvent::hasSubOrchestrationInstanceCreated);
    }

    void callActivity(String name, String input) {
        actions.add(OrchestratorAction.newBuilder().setId(nextId++)
                .setScheduleTask(ScheduleTaskAction.newBuilder().setName(name).setInput(StringValue.of(input)))
                .build());
    }

    void createTimer(Instant fireAt) {
        actions.add(OrchestratorAction.newBuilder().setId(nextId++)
                .setCreateTimer(CreateTimerAction.newBuilder().setFireAt(Protos.timestamp(fireAt))).build());
    }

    void callSubOrchestrator(String name, String instanceId, String input) {
        actions.add(OrchestratorAction.newBuilder().setId(nextId++)
                .setCreateSubOrchestration(CreateSubOrchestrationAction.newBuilder().setName(name)
                        .setInstanceId(instanceId).setInput(StringValue.of(input)))
                .build());
    }

    void complete(String output) {
        actions.add(OrchestratorAction.newBuilder().setId(nextId++)
                .setCompleteOrchestration(CompleteOrchestrationAction.newBuilder()
                        .setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED)
                        .setResult(StringValue.of(output)))
                .build());
    }

    void fail(TaskFailureDetails details) {
        actions.add(OrchestratorAction.newBuilder().setId(nextId++)
                .setCompleteOrchestration(CompleteOrchestrationAction.newBuilder()
                        .setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_FAILED)
                        .setFailureDetails(details))
                .build());
    }

    void continueAsNew(String input, List<HistoryEvent> carryOver) {
        actions.add(OrchestratorAction.newBuilder().setId(nextId++)
                .setCompleteOrchestration(CompleteOrchestrationAction.newBuilder()
                        .setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_CONTINUED_AS_NEW)
                        .setResult(StringValue.of(input)).addAllCarryoverEvents(carryOver))
                .build());
    }

    void setCustomStatus(String status) {
        customStatus = status;
    }

    OrchestratorResponse.Builder response(String completionToken) {
        OrchestratorResponse.Builder r = OrchestratorResponse.newBuilder().setInstanceId(request.getInstanceId())
                .addAllActions(actions).setCompletionToken(completionToken);
        if (customStatus != null) {
            r.setCustomStatus(StringValue.of(customStatus));
        }
        return r;
    }
}
