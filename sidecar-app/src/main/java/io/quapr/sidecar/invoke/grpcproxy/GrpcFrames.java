package io.quapr.sidecar.invoke.grpcproxy;

import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * gRPC's length-prefixed messages on an HTTP/2 body: one flag byte (compressed or not), a
 * four-byte big-endian length, the message. {@link #frame} writes one; a {@code GrpcFrames}
 * reads a body arriving in arbitrary chunks and hands over each whole message.
 */
final class GrpcFrames {

    private static final int PREFIX = 5;

    private final Consumer<byte[]> messages;
    private Buffer pending = Buffer.buffer();

    /** @param messages receives each whole, uncompressed message, in order */
    GrpcFrames(Consumer<byte[]> messages) {
        this.messages = messages;
    }

    /** One uncompressed message as a frame. */
    static Buffer frame(byte[] message) {
        return Buffer.buffer(PREFIX + message.length).appendByte((byte) 0).appendInt(message.length)
                .appendBytes(message);
    }

    /**
     * Takes the next chunk of the body.
     *
     * @throws IllegalStateException for a compressed message (the proxy never offers the app a
     *         compression, so one is a protocol error) or a length past 2 GiB
     */
    void feed(Buffer chunk) {
        pending.appendBuffer(chunk);
        int pos = 0;
        while (pending.length() - pos >= PREFIX) {
            int length = pending.getInt(pos + 1);
            if (length < 0) {
                throw new IllegalStateException("message length out of range");
            }
            if (pending.length() - pos - PREFIX < length) {
                break;
            }
            if (pending.getByte(pos) != 0) {
                throw new IllegalStateException("compressed message although no compression was offered");
            }
            messages.accept(pending.getBytes(pos + PREFIX, pos + PREFIX + length));
            pos += PREFIX + length;
        }
        if (pos > 0) {
            pending = pending.getBuffer(pos, pending.length());
        }
    }

    /** Whether a message was cut off (bytes left over at the end of the body). */
    boolean partial() {
        return pending.length() > 0;
    }
}
