package io.quapr.workflow.runtime;

import io.quapr.workflow.WorkflowException;
import io.quapr.workflow.backend.DurableTimer;
import io.quapr.workflow.backend.OrchestrationStep;
import io.quapr.workflow.backend.OrchestrationWorkItem;
import io.quapr.workflow.backend.OutgoingMessage;
import io.quapr.workflow.proto.OrchestratorService.ActivityRequest;
import io.quapr.workflow.proto.OrchestratorService.CompleteOrchestrationAction;
import io.quapr.workflow.proto.OrchestratorService.CreateSubOrchestrationAction;
import io.quapr.workflow.proto.OrchestratorService.CreateTimerAction;
import io.quapr.workflow.proto.OrchestratorService.EventRaisedEvent;
import io.quapr.workflow.proto.OrchestratorService.EventSentEvent;
import io.quapr.workflow.proto.OrchestratorService.ExecutionCompletedEvent;
import io.quapr.workflow.proto.OrchestratorService.ExecutionStartedEvent;
import io.quapr.workflow.proto.OrchestratorService.ExecutionTerminatedEvent;
import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationInstance;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationState;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationStatus;
import io.quapr.workflow.proto.OrchestratorService.OrchestratorAction;
import io.quapr.workflow.proto.OrchestratorService.OrchestratorResponse;
import io.quapr.workflow.proto.OrchestratorService.ParentInstanceInfo;
import io.quapr.workflow.proto.OrchestratorService.ScheduleTaskAction;
import io.quapr.workflow.proto.OrchestratorService.SendEventAction;
import io.quapr.workflow.proto.OrchestratorService.SubOrchestrationInstanceCreatedEvent;
import io.quapr.workflow.proto.OrchestratorService.TaskScheduledEvent;
import io.quapr.workflow.proto.OrchestratorService.TerminateOrchestrationAction;
import io.quapr.workflow.proto.OrchestratorService.TimerCreatedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Turns a worker's {@code OrchestratorResponse} into the step the backend commits, the way
 * durabletask does: each action becomes a history event whose event id is the action id (the
 * later completion refers to it as {@code taskScheduledId} or {@code timerId}), plus the work
 * it causes (an activity, a durable timer, a message to another instance).
 */
public final class ResponseApplier {

    private static final Logger LOG = Logger.getLogger(ResponseApplier.class);

    private ResponseApplier() {
    }

    /**
     * The step for one run.
     *
     * @param item the leased work item
     * @param newEvents the new events the worker saw ({@code OrchestratorStarted} first)
     * @param response the worker's answer
     * @param now the time stamped on the events the engine adds
     * @throws WorkflowException when the response is for another instance
     */
    public static OrchestrationStep apply(OrchestrationWorkItem item, List<HistoryEvent> newEvents,
            OrchestratorResponse response, Instant now) {
        String instanceId = item.instanceId();
        if (!response.getInstanceId().isEmpty() && !response.getInstanceId().equals(instanceId)) {
            throw new WorkflowException("response for instance '" + response.getInstanceId()
                    + "' completes a work item of '" + instanceId + "'");
        }
        OrchestrationState.Builder state = Lifecycle.applied(item.state(), newEvents, now).toBuilder();
        HistoryEvent start = Lifecycle.startEvent(item.pastEvents(), newEvents);
        String executionId = state.getExecutionId().getValue();
        OrchestrationInstance self = OrchestrationInstance.newBuilder().setInstanceId(instanceId)
                .setExecutionId(Protos.string(executionId)).build();

        List<HistoryEvent> appended = new ArrayList<>(newEvents);
        List<HistoryEvent> requeued = new ArrayList<>();
        List<ActivityRequest> activities = new ArrayList<>();
        List<DurableTimer> timers = new ArrayList<>();
        List<OutgoingMessage> messages = new ArrayList<>();
        boolean reset = false;
        boolean ended = false;

        for (OrchestratorAction action : response.getActionsList()) {
            int id = action.getId();
            switch (action.getOrchestratorActionTypeCase()) {
                case SCHEDULETASK -> {
                    ScheduleTaskAction s = action.getScheduleTask();
                    TaskScheduledEvent.Builder e = TaskScheduledEvent.newBuilder().setName(s.getName())
                            .setTaskExecutionId(s.getTaskExecutionId());
                    ActivityRequest.Builder r = ActivityRequest.newBuilder().setName(s.getName())
                            .setOrchestrationInstance(self).setTaskId(id).setTaskExecutionId(s.getTaskExecutionId());
                    if (s.hasVersion()) {
                        e.setVersion(s.getVersion());
                        r.setVersion(s.getVersion());
                    }
                    if (s.hasInput()) {
                        e.setInput(s.getInput());
                        r.setInput(s.getInput());
                    }
                    appended.add(Events.event(id, now).setTaskScheduled(e).build());
                    activities.add(r.build());
                }
                case CREATETIMER -> {
                    CreateTimerAction t = action.getCreateTimer();
                    TimerCreatedEvent.Builder e = TimerCreatedEvent.newBuilder().setFireAt(t.getFireAt());
                    if (t.hasName()) {
                        e.setName(t.getName());
                    }
                    appended.add(Events.event(id, now).setTimerCreated(e).build());
                    timers.add(new DurableTimer(instanceId, executionId, id, Protos.instant(t.getFireAt())));
                }
                case SENDEVENT -> {
                    SendEventAction s = action.getSendEvent();
                    String target = s.getInstance().getInstanceId();
                    EventSentEvent.Builder sent = EventSentEvent.newBuilder().setInstanceId(target)
                            .setName(s.getName());
                    EventRaisedEvent.Builder raised = EventRaisedEvent.newBuilder().setName(s.getName());
                    if (s.hasData()) {
                        sent.setInput(s.getData());
                        raised.setInput(s.getData());
                    }
                    appended.add(Events.event(id, now).setEventSent(sent).build());
                    messages.add(new OutgoingMessage(target, Events.event(-1, now).setEventRaised(raised).build()));
                }
                case CREATESUBORCHESTRATION -> {
                    CreateSubOrchestrationAction c = action.getCreateSubOrchestration();
                    // the SDKs name the child; an empty id gets a deterministic one, as durabletask does
                    String child = c.getInstanceId().isEmpty()
                            ? instanceId + ":" + String.format("%04x", id)
                            : c.getInstanceId();
                    SubOrchestrationInstanceCreatedEvent.Builder created = SubOrchestrationInstanceCreatedEvent
                            .newBuilder().setInstanceId(child).setName(c.getName());
                    ExecutionStartedEvent.Builder started = ExecutionStartedEvent.newBuilder().setName(c.getName())
                            .setOrchestrationInstance(OrchestrationInstance.newBuilder().setInstanceId(child)
                                    .setExecutionId(Protos.string(UUID.randomUUID().toString())))
                            .setParentInstance(ParentInstanceInfo.newBuilder().setTaskScheduledId(id)
                                    .setName(Protos.string(state.getName())).setOrchestrationInstance(self));
                    if (c.hasVersion()) {
                        created.setVersion(c.getVersion());
                        started.setVersion(c.getVersion());
                    }
                    if (c.hasInput()) {
                        created.setInput(c.getInput());
                        started.setInput(c.getInput());
                    }
                    appended.add(Events.event(id, now).setSubOrchestrationInstanceCreated(created).build());
                    messages.add(
                            new OutgoingMessage(child, Events.event(-1, now).setExecutionStarted(started).build()));
                }
                case TERMINATEORCHESTRATION -> {
                    TerminateOrchestrationAction t = action.getTerminateOrchestration();
                    ExecutionTerminatedEvent.Builder e = ExecutionTerminatedEvent.newBuilder()
                            .setRecurse(t.getRecurse());
                    if (t.hasReason()) {
                        e.setInput(t.getReason());
                    }
                    messages.add(new OutgoingMessage(t.getInstanceId(),
                            Events.event(-1, now).setExecutionTerminated(e).build()));
                }
                case COMPLETEORCHESTRATION -> {
                    CompleteOrchestrationAction c = action.getCompleteOrchestration();
                    ended = true;
                    if (c.getOrchestrationStatus() == OrchestrationStatus.ORCHESTRATION_STATUS_CONTINUED_AS_NEW) {
                        reset = true;
                        requeued.add(continuedAsNew(start, instanceId, c, now));
                        requeued.addAll(c.getCarryoverEventsList());
                        state.setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING)
                                .setExecutionId(requeued.get(0).getExecutionStarted().getOrchestrationInstance()
                                        .getExecutionId())
                                .clearOutput().clearFailureDetails().clearCompletedTimestamp();
                        if (c.hasResult()) {
                            state.setInput(c.getResult());
                        } else {
                            state.clearInput();
                        }
                    } else {
                        ExecutionCompletedEvent.Builder e = ExecutionCompletedEvent.newBuilder()
                                .setOrchestrationStatus(c.getOrchestrationStatus());
                        state.setOrchestrationStatus(c.getOrchestrationStatus())
                                .setCompletedTimestamp(Protos.timestamp(now));
                        if (c.hasResult()) {
                            e.setResult(c.getResult());
                            state.setOutput(c.getResult());
                        }
                        if (c.hasFailureDetails()) {
                            e.setFailureDetails(c.getFailureDetails());
                            state.setFailureDetails(c.getFailureDetails());
                        }
                        appended.add(Events.event(id, now).setExecutionCompleted(e).build());
                        Events.parentNotification(start, c.getOrchestrationStatus(),
                                c.hasResult() ? c.getResult() : null,
                                c.hasFailureDetails() ? c.getFailureDetails() : null, now).ifPresent(messages::add);
                    }
                }
                default -> LOG.debugf("workflow %s: action %s is not supported, ignored", instanceId,
                        action.getOrchestratorActionTypeCase());
            }
        }
        if (ended) {
            // work scheduled next to the end of an execution could only deliver into a dead one
            activities.clear();
            timers.clear();
        }
        if (response.hasCustomStatus()) {
            state.setCustomStatus(response.getCustomStatus());
        } else {
            state.clearCustomStatus();
        }
        if (reset) {
            appended.clear();
        }
        return new OrchestrationStep(state.build(), appended, reset, requeued, activities, timers, messages);
    }

    /** The {@code ExecutionStarted} of the next execution: same name and parent, new input and execution id. */
    private static HistoryEvent continuedAsNew(HistoryEvent start, String instanceId, CompleteOrchestrationAction c,
            Instant now) {
        ExecutionStartedEvent.Builder next = start != null
                ? start.getExecutionStarted().toBuilder()
                : ExecutionStartedEvent.newBuilder();
        next.setOrchestrationInstance(OrchestrationInstance.newBuilder().setInstanceId(instanceId)
                .setExecutionId(Protos.string(UUID.randomUUID().toString())));
        if (c.hasResult()) {
            next.setInput(c.getResult());
        } else {
            next.clearInput();
        }
        if (c.hasNewVersion()) {
            next.setVersion(c.getNewVersion());
        }
        return Events.event(-1, now).setExecutionStarted(next).build();
    }
}
