package io.quapr.sidecar.invoke;

import io.quapr.internal.v1.InvokeFrame;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * One direction of an invocation stream read as a head and a body: the first frame is the head
 * (the stream is paused when it arrives, so nothing is lost before the body has a reader), the
 * data frames after it are the body's chunks in order.
 */
final class FrameBody implements ReadStream<Buffer> {

    private final ReadStream<InvokeFrame> frames;
    private final Promise<InvokeFrame> head = Promise.promise();
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;
    private boolean ended;
    private Cancellation cancel;

    private FrameBody(ReadStream<InvokeFrame> frames) {
        this.frames = frames;
    }

    /**
     * Starts reading the stream; {@link #head()} completes with its first frame.
     *
     * @param cancel cancelled when the stream fails (the other end reset it or went away), so
     *        the legs downstream stop too
     */
    static FrameBody read(ReadStream<InvokeFrame> frames, Cancellation cancel) {
        FrameBody body = new FrameBody(frames);
        body.cancel = cancel;
        frames.handler(body::onFrame);
        frames.endHandler(v -> body.onEnd());
        frames.exceptionHandler(body::onFailure);
        return body;
    }

    /** The first frame; fails when the stream ends or fails before it. */
    Future<InvokeFrame> head() {
        return head.future();
    }

    private void onFrame(InvokeFrame frame) {
        if (!head.future().isComplete()) {
            frames.pause();
            head.complete(frame);
            return;
        }
        if (frame.getFrameCase() == InvokeFrame.FrameCase.DATA && handler != null) {
            handler.handle(Buffer.buffer(frame.getData().toByteArray()));
        }
    }

    private void onEnd() {
        ended = true;
        if (!head.future().isComplete()) {
            // made only when needed: filling in a stack trace on every call's end costs microseconds
            head.fail(new IllegalStateException("stream ended before its head"));
        } else if (endHandler != null) {
            endHandler.handle(null);
        }
    }

    private void onFailure(Throwable t) {
        cancel.cancel();
        if (!head.tryFail(t) && exceptionHandler != null) {
            exceptionHandler.handle(t);
        }
    }

    /** Whether the stream has ended (the body was fully read). */
    boolean ended() {
        return ended;
    }

    @Override
    public FrameBody exceptionHandler(Handler<Throwable> h) {
        exceptionHandler = h;
        return this;
    }

    @Override
    public FrameBody handler(Handler<Buffer> h) {
        handler = h;
        return this;
    }

    @Override
    public FrameBody pause() {
        frames.pause();
        return this;
    }

    @Override
    public FrameBody resume() {
        frames.resume();
        return this;
    }

    @Override
    public FrameBody fetch(long amount) {
        frames.fetch(amount);
        return this;
    }

    @Override
    public FrameBody endHandler(Handler<Void> h) {
        endHandler = h;
        return this;
    }
}
