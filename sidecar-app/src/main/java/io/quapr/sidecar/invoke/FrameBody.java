package io.quapr.sidecar.invoke;

import io.quapr.internal.v1.InvokeFrame;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * One direction of an invocation stream read as a head and a body: the first frame is the head
 * (the stream is paused when it arrives, so nothing is lost before the body has a reader); the
 * bytes the head frame carries ({@code first_data}) and the data frames after it are the body's
 * chunks in order.
 */
final class FrameBody implements ReadStream<Buffer> {

    private final ReadStream<InvokeFrame> frames;
    private final Promise<InvokeFrame> head = Promise.promise();
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;
    private Cancellation cancel;
    /** The head frame's body bytes, until the reader resumes the body. */
    private Buffer first;
    private boolean paused;

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
            paused = true;
            if (!frame.getFirstData().isEmpty()) {
                first = Buffer.buffer(frame.getFirstData().toByteArray());
            }
            head.complete(frame);
            return;
        }
        if (frame.getFrameCase() == InvokeFrame.FrameCase.DATA && handler != null) {
            handler.handle(Buffer.buffer(frame.getData().toByteArray()));
        }
    }

    private void onEnd() {
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
        paused = true;
        frames.pause();
        return this;
    }

    @Override
    public FrameBody resume() {
        paused = false;
        if (deliverFirst() && paused) {
            // the reader paused again on the first chunk
            return this;
        }
        frames.resume();
        return this;
    }

    @Override
    public FrameBody fetch(long amount) {
        if (amount > 0 && deliverFirst()) {
            amount--;
        }
        if (amount > 0) {
            frames.fetch(amount);
        }
        return this;
    }

    /** Hands the head frame's body bytes to the reader, once; whether there were any. */
    private boolean deliverFirst() {
        Buffer chunk = first;
        if (chunk == null) {
            return false;
        }
        first = null;
        if (handler != null) {
            handler.handle(chunk);
        }
        return true;
    }

    @Override
    public FrameBody endHandler(Handler<Void> h) {
        endHandler = h;
        return this;
    }
}
