package io.quapr.workflow.backend;

import com.google.protobuf.InvalidProtocolBufferException;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationState;
import io.quapr.workflow.proto.OrchestratorService.OrchestrationStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The one metadata record of an instance in a state store, written under its ETag by every change
 * to the instance: the status, and the pointers to everything else (how many history chunks, which
 * inbox entries, which activities and timers are pending). It is the instance's due-work index:
 * a new engine reads it to know what to resume.
 *
 * <p>
 * Mutable on purpose: a transaction loads it, changes it, and writes it back whole.
 */
final class InstanceRecord {

    /** An inbox entry; {@code wakes}: a resume or terminate, which wakes a suspended instance. */
    public record InboxEntry(long seq, boolean wakes) {
    }

    /** A pending durable timer. */
    public record TimerEntry(String executionId, int timerId, String fireAt) {
    }

    /** The {@code OrchestrationState} protobuf. */
    public byte[] state;
    /** History chunks {@code 0..chunks-1}. */
    public int chunks;
    /** The sequence number the next inbox entry gets. */
    public long nextSeq;
    /** Inbox entries not yet consumed, in delivery order. */
    public List<InboxEntry> inbox = new ArrayList<>();
    /** Pending activities, {@code <executionId>||<taskId>}. */
    public List<String> activities = new ArrayList<>();
    /** Durable timers that have not fired. */
    public List<TimerEntry> timers = new ArrayList<>();

    OrchestrationState state() {
        try {
            return OrchestrationState.parseFrom(state);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt workflow metadata", e);
        }
    }

    void state(OrchestrationState s) {
        state = s.toByteArray();
    }

    boolean runnable() {
        if (inbox.isEmpty()) {
            return false;
        }
        if (state().getOrchestrationStatus() != OrchestrationStatus.ORCHESTRATION_STATUS_SUSPENDED) {
            return true;
        }
        return inbox.stream().anyMatch(InboxEntry::wakes);
    }
}
