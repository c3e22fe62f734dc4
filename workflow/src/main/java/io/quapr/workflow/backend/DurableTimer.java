package io.quapr.workflow.backend;

import io.quapr.workflow.proto.OrchestratorService.HistoryEvent;
import io.quapr.workflow.proto.OrchestratorService.TimerFiredEvent;
import io.quapr.workflow.runtime.Protos;
import java.time.Instant;

/**
 * A timer an orchestration created: at {@code fireAt} a {@code TimerFired} event goes into the
 * instance's inbox. Kept in the backend's due-work index until it fires.
 *
 * @param instanceId the instance that created it
 * @param executionId the execution that created it: a timer of an execution that has since
 *        continued as new (or was replaced) is dropped when it fires
 * @param timerId the {@code CreateTimer} action id, which the {@code TimerCreated} event carries
 *        as its event id
 * @param fireAt when it fires
 */
public record DurableTimer(String instanceId, String executionId, int timerId, Instant fireAt) {

    /** A key unique among the backend's timers. */
    public String key() {
        return instanceId + "|" + executionId + "|" + timerId;
    }

    /** The event the timer delivers, stamped {@code now}. */
    public HistoryEvent firedEvent(Instant now) {
        return HistoryEvent.newBuilder().setEventId(-1).setTimestamp(Protos.timestamp(now))
                .setTimerFired(TimerFiredEvent.newBuilder().setTimerId(timerId).setFireAt(Protos.timestamp(fireAt)))
                .build();
    }
}
