package io.quapr.workflow.runtime;

import com.google.protobuf.StringValue;
import io.quapr.workflow.InvalidRequestException;
import io.quapr.workflow.backend.DurableTimer;
import io.quapr.workflow.backend.OrchestrationStep;
import io.quapr.workflow.backend.OutgoingMessage;
import io.quapr.workflow.proto.OrchestratorService.ActivityRequest;
import io.quapr.workflow.proto.OrchestratorService.ExecutionStartedEvent;
import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationInstance;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationState;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationStatus;
import io.quapr.workflow.proto.OrchestratorService.ParentInstanceInfo;
import io.quapr.workflow.proto.OrchestratorService.RerunParentInstanceInfo;
import io.quapr.workflow.proto.OrchestratorService.RerunWorkflowFromEventRequest;
import io.quapr.workflow.proto.OrchestratorService.SubOrchestrationInstanceCreatedEvent;
import io.quapr.workflow.proto.OrchestratorService.TaskScheduledEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Builds the new instance of {@code RerunWorkflowFromEvent}: the source's history up to the
 * activity (or child workflow) with the given event id, that event again (with the new input if
 * asked, and a pointer to the source), and everything the kept history left pending scheduled
 * anew. The workflow then replays that history and carries on from the rerun task.
 */
public final class RerunPlanner {

    private RerunPlanner() {
    }

    /** The metadata and the first "step" of the new instance. */
    public record Plan(OrchestrationState state, OrchestrationStep step) {
    }

    /**
     * Plans the rerun.
     *
     * @param source the finished source instance's metadata
     * @param history its history
     * @param newInstanceId the new instance's id
     * @throws InvalidRequestException when the event is not an activity or child workflow
     */
    public static Plan plan(OrchestrationState source, List<HistoryEvent> history, String newInstanceId,
            RerunWorkflowFromEventRequest request, Instant now) {
        int cut = -1;
        for (int i = 0; i < history.size(); i++) {
            HistoryEvent e = history.get(i);
            if (e.getEventId() == request.getEventID()
                    && (e.hasTaskScheduled() || e.hasSubOrchestrationInstanceCreated())) {
                cut = i;
                break;
            }
        }
        if (cut < 0) {
            throw new InvalidRequestException("'" + source.getInstanceId() + "': event " + request.getEventID()
                    + " is not an activity or child workflow of the workflow");
        }
        String executionId = UUID.randomUUID().toString();
        OrchestrationInstance self = OrchestrationInstance.newBuilder().setInstanceId(newInstanceId)
                .setExecutionId(StringValue.of(executionId)).build();
        RerunParentInstanceInfo rerunOf = RerunParentInstanceInfo.newBuilder().setInstanceID(source.getInstanceId())
                .build();

        List<HistoryEvent> kept = new ArrayList<>(cut + 1);
        StringValue input = null;
        for (int i = 0; i < cut; i++) {
            HistoryEvent e = history.get(i);
            if (e.hasExecutionStarted()) {
                ExecutionStartedEvent started = e.getExecutionStarted().toBuilder().setOrchestrationInstance(self)
                        .build();
                input = started.hasInput() ? started.getInput() : null;
                e = e.toBuilder().setExecutionStarted(started).build();
            } else if (e.hasSubOrchestrationInstanceCreated()) {
                // a child the cut leaves running needs an instance of its own, not the source's
                e = e.toBuilder().setSubOrchestrationInstanceCreated(e.getSubOrchestrationInstanceCreated().toBuilder()
                        .setInstanceId(childId(newInstanceId, e.getEventId()))).build();
            }
            kept.add(e);
        }
        kept.add(rerunTask(history.get(cut), request, newInstanceId, rerunOf));

        OrchestrationState.Builder state = source.toBuilder().setInstanceId(newInstanceId)
                .setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING)
                .setExecutionId(StringValue.of(executionId)).setCreatedTimestamp(Protos.timestamp(now))
                .setLastUpdatedTimestamp(Protos.timestamp(now)).clearOutput().clearFailureDetails()
                .clearCompletedTimestamp().clearCustomStatus().clearParentInstanceId();
        if (input != null) {
            state.setInput(input);
        } else {
            state.clearInput();
        }
        return new Plan(state.build(), pending(kept, self, state.getName(), now, state.build()));
    }

    private static HistoryEvent rerunTask(HistoryEvent e, RerunWorkflowFromEventRequest request, String newInstanceId,
            RerunParentInstanceInfo rerunOf) {
        if (e.hasTaskScheduled()) {
            TaskScheduledEvent.Builder t = e.getTaskScheduled().toBuilder().setRerunParentInstanceInfo(rerunOf);
            if (request.getOverwriteInput()) {
                if (request.hasInput()) {
                    t.setInput(request.getInput());
                } else {
                    t.clearInput();
                }
            }
            return e.toBuilder().setTaskScheduled(t).build();
        }
        SubOrchestrationInstanceCreatedEvent.Builder c = e.getSubOrchestrationInstanceCreated().toBuilder()
                .setRerunParentInstanceInfo(rerunOf)
                .setInstanceId(request.hasNewChildWorkflowInstanceID()
                        ? request.getNewChildWorkflowInstanceID()
                        : childId(newInstanceId, e.getEventId()));
        if (request.getOverwriteInput()) {
            if (request.hasInput()) {
                c.setInput(request.getInput());
            } else {
                c.clearInput();
            }
        }
        return e.toBuilder().setSubOrchestrationInstanceCreated(c).build();
    }

    private static String childId(String parentId, int eventId) {
        return parentId + ":" + String.format("%04x", eventId);
    }

    /** Activities, children and timers the kept history started and did not see finish. */
    private static OrchestrationStep pending(List<HistoryEvent> kept, OrchestrationInstance self, String name,
            Instant now, OrchestrationState state) {
        Set<Integer> finishedTasks = new HashSet<>();
        Set<Integer> firedTimers = new HashSet<>();
        for (HistoryEvent e : kept) {
            if (e.hasTaskCompleted()) {
                finishedTasks.add(e.getTaskCompleted().getTaskScheduledId());
            } else if (e.hasTaskFailed()) {
                finishedTasks.add(e.getTaskFailed().getTaskScheduledId());
            } else if (e.hasSubOrchestrationInstanceCompleted()) {
                finishedTasks.add(e.getSubOrchestrationInstanceCompleted().getTaskScheduledId());
            } else if (e.hasSubOrchestrationInstanceFailed()) {
                finishedTasks.add(e.getSubOrchestrationInstanceFailed().getTaskScheduledId());
            } else if (e.hasTimerFired()) {
                firedTimers.add(e.getTimerFired().getTimerId());
            }
        }
        List<ActivityRequest> activities = new ArrayList<>();
        List<DurableTimer> timers = new ArrayList<>();
        List<OutgoingMessage> messages = new ArrayList<>();
        for (HistoryEvent e : kept) {
            int id = e.getEventId();
            if (e.hasTaskScheduled() && !finishedTasks.contains(id)) {
                TaskScheduledEvent t = e.getTaskScheduled();
                ActivityRequest.Builder a = ActivityRequest.newBuilder().setName(t.getName())
                        .setOrchestrationInstance(self).setTaskId(id).setTaskExecutionId(t.getTaskExecutionId());
                if (t.hasVersion()) {
                    a.setVersion(t.getVersion());
                }
                if (t.hasInput()) {
                    a.setInput(t.getInput());
                }
                activities.add(a.build());
            } else if (e.hasSubOrchestrationInstanceCreated() && !finishedTasks.contains(id)) {
                SubOrchestrationInstanceCreatedEvent c = e.getSubOrchestrationInstanceCreated();
                ExecutionStartedEvent.Builder started = ExecutionStartedEvent.newBuilder().setName(c.getName())
                        .setOrchestrationInstance(OrchestrationInstance.newBuilder().setInstanceId(c.getInstanceId())
                                .setExecutionId(StringValue.of(UUID.randomUUID().toString())))
                        .setParentInstance(ParentInstanceInfo.newBuilder().setTaskScheduledId(id)
                                .setName(StringValue.of(name)).setOrchestrationInstance(self));
                if (c.hasVersion()) {
                    started.setVersion(c.getVersion());
                }
                if (c.hasInput()) {
                    started.setInput(c.getInput());
                }
                messages.add(new OutgoingMessage(c.getInstanceId(),
                        Events.event(-1, now).setExecutionStarted(started).build()));
            } else if (e.hasTimerCreated() && !firedTimers.contains(id)) {
                timers.add(new DurableTimer(self.getInstanceId(), self.getExecutionId().getValue(), id,
                        Protos.instant(e.getTimerCreated().getFireAt())));
            }
        }
        return new OrchestrationStep(state, kept, false, List.of(), activities, timers, messages);
    }
}
