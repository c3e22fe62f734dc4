package io.quapr.sidecar.invoke;

import io.quapr.internal.v1.ResponseHead;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * The called app's answer: status and headers, and its body as a paused stream the receiver
 * pipes on (never read whole).
 *
 * @param head status code and headers, as the app sent them
 * @param body the body's chunks; paused until the receiver reads it
 */
public record InvokeReply(ResponseHead head, ReadStream<Buffer> body) {
}
