package io.quapr.sidecar.invoke;

import com.google.protobuf.UnsafeByteOperations;
import io.quapr.internal.v1.InvokeFrame;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;

/**
 * Sends one direction of an invocation stream, a head frame and its body, in as few frames as
 * the body allows, and ends the stream. The head waits for the end of the current event-loop
 * turn: the body bytes that arrived with the request (or answer) by then go inside the head frame
 * ({@code first_data}), and a body that has ended by then goes with the end of the stream, so a
 * small call is one frame and one write instead of a head, a data frame and an end. A longer body
 * follows as data frames, with back-pressure, never whole: what the head frame carries is bounded.
 */
final class FrameSender implements Handler<Buffer> {

    /** The most body bytes held back for the head frame. */
    private static final int MAX_FIRST_DATA = 64 * 1024;

    private final WriteStream<InvokeFrame> out;
    private final ReadStream<Buffer> body;
    private final Promise<Void> done = Promise.promise();
    /** The head, until it is sent. */
    private InvokeFrame head;
    private Buffer first;
    /** Whether {@link #first} is a buffer of our own (two chunks or more), not the first chunk. */
    private boolean gathering;

    private FrameSender(WriteStream<InvokeFrame> out, InvokeFrame head, ReadStream<Buffer> body) {
        this.out = out;
        this.head = head;
        this.body = body;
    }

    /**
     * Starts sending.
     *
     * @param context the context whose next turn sends the head if the body has not ended by then
     * @param head the request or response head frame
     * @param body the body, paused; {@code null} for none (the head frame ends the stream at once)
     * @return completes when the stream was ended after the whole body; fails when the body
     *         failed, and the stream is then left open for the caller to reset or fail
     */
    static Future<Void> send(Context context, WriteStream<InvokeFrame> out, InvokeFrame head, ReadStream<Buffer> body) {
        if (body == null) {
            out.end(head);
            return Future.succeededFuture();
        }
        FrameSender sender = new FrameSender(out, head, body);
        body.exceptionHandler(sender.done::tryFail);
        body.endHandler(v -> sender.end());
        body.handler(sender);
        // queued behind the rest of this turn, where the body's bytes that came with the head are read
        context.runOnContext(v -> sender.sendHead());
        body.resume();
        return sender.done.future();
    }

    @Override
    public void handle(Buffer chunk) {
        if (head != null) {
            if (first == null) {
                // chunks are the reader's own copies: a single one is kept as it is
                first = chunk;
            } else {
                if (!gathering) {
                    first = Buffer.buffer(first.length() + chunk.length()).appendBuffer(first);
                    gathering = true;
                }
                first.appendBuffer(chunk);
            }
            if (first.length() >= MAX_FIRST_DATA) {
                sendHead();
            }
            return;
        }
        write(Frames.data(chunk));
    }

    private void sendHead() {
        if (head != null && !done.future().isComplete()) {
            write(headFrame());
        }
    }

    private void end() {
        if (head != null) {
            out.end(headFrame());
        } else {
            out.end();
        }
        done.tryComplete();
    }

    /** The head frame with what the body delivered so far; the head counts as sent after. */
    private InvokeFrame headFrame() {
        InvokeFrame frame = first == null
                ? head
                : head.toBuilder().setFirstData(UnsafeByteOperations.unsafeWrap(first.getBytes())).build();
        head = null;
        first = null;
        gathering = false;
        return frame;
    }

    private void write(InvokeFrame frame) {
        out.write(frame);
        if (out.writeQueueFull()) {
            body.pause();
            out.drainHandler(v -> body.resume());
        }
    }
}
