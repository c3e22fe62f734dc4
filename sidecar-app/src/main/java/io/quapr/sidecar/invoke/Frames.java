package io.quapr.sidecar.invoke;

import com.google.protobuf.UnsafeByteOperations;
import io.quapr.internal.v1.InvokeFrame;
import io.quapr.internal.v1.RequestHead;
import io.quapr.internal.v1.ResponseHead;
import io.vertx.core.buffer.Buffer;

/** Builds the frames of the internal protocol. */
final class Frames {

    private Frames() {
    }

    static InvokeFrame of(RequestHead head) {
        return InvokeFrame.newBuilder().setRequest(head).build();
    }

    static InvokeFrame of(ResponseHead head) {
        return InvokeFrame.newBuilder().setResponse(head).build();
    }

    /** A body chunk; {@code getBytes} already copies, so the frame wraps that copy. */
    static InvokeFrame data(Buffer chunk) {
        return InvokeFrame.newBuilder().setData(UnsafeByteOperations.unsafeWrap(chunk.getBytes())).build();
    }
}
