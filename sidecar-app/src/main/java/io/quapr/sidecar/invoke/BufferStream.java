package io.quapr.sidecar.invoke;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** A body already in memory as a paused stream of one chunk (answers of gRPC apps, error bodies). */
public final class BufferStream implements ReadStream<Buffer> {

    private final Vertx vertx;
    private Buffer pending;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private boolean paused = true;
    private boolean ended;

    private BufferStream(Vertx vertx, Buffer data) {
        this.vertx = vertx;
        this.pending = data;
    }

    /** A paused stream of the data, ending after it. */
    public static BufferStream of(Vertx vertx, Buffer data) {
        return new BufferStream(vertx, data);
    }

    private void drain() {
        if (paused || ended) {
            return;
        }
        if (pending != null) {
            Buffer b = pending;
            pending = null;
            if (b.length() > 0 && handler != null) {
                handler.handle(b);
            }
        }
        if (!paused && pending == null && !ended) {
            ended = true;
            if (endHandler != null) {
                endHandler.handle(null);
            }
        }
    }

    @Override
    public BufferStream exceptionHandler(Handler<Throwable> h) {
        return this;
    }

    @Override
    public BufferStream handler(Handler<Buffer> h) {
        handler = h;
        return this;
    }

    @Override
    public BufferStream pause() {
        paused = true;
        return this;
    }

    @Override
    public BufferStream resume() {
        paused = false;
        vertx.runOnContext(v -> drain());
        return this;
    }

    @Override
    public BufferStream fetch(long amount) {
        return resume();
    }

    @Override
    public BufferStream endHandler(Handler<Void> h) {
        endHandler = h;
        return this;
    }
}
