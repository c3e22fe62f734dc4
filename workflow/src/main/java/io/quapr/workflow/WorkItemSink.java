package io.quapr.workflow;

import io.quapr.workflow.proto.OrchestratorService.WorkItem;

/**
 * Where the engine sends a connected worker its work items: the gRPC adapter writes them to the
 * {@code GetWorkItems} response stream.
 */
public interface WorkItemSink {

    /**
     * Sends one work item. Must not block (queue it on the stream), and may be called from several
     * threads at once (a gRPC stream observer needs a lock). Throwing tells the engine the worker
     * is gone: its work items are handed to other workers.
     */
    void send(WorkItem item);

    /** The engine dropped the worker (it is closing): end the stream. */
    default void closed() {
    }
}
