package io.quapr.workflow;

/**
 * A worker's registration with the engine. Closing it (the stream ended or was cancelled) takes
 * back every work item the worker holds and hands it to another worker.
 */
public final class WorkerConnection implements AutoCloseable {

    private final Runnable disconnect;

    WorkerConnection(Runnable disconnect) {
        this.disconnect = disconnect;
    }

    /** Disconnects the worker; idempotent. */
    @Override
    public void close() {
        disconnect.run();
    }
}
