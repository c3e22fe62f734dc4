package io.quapr.sidecar.invoke;

import io.quapr.internal.v1.ResponseHead;
import io.quapr.sidecar.resiliency.StatusCoded;
import io.vertx.core.buffer.Buffer;

/**
 * An app's answer outside 200-399 to a replayable invocation, as a failure the {@code apps.<id>}
 * retry and breaker see (daprd turns such answers into a code error the same way). When the
 * policy gives up, the caller gets this answer as the app sent it.
 */
final class AppAnswerFailure extends RuntimeException implements StatusCoded {

    final transient ResponseHead head;
    final transient Buffer body;

    AppAnswerFailure(ResponseHead head, Buffer body) {
        super("app answered " + head.getStatus(), null, false, false);
        this.head = head;
        this.body = body;
    }

    @Override
    public int statusCode() {
        return head.getStatus();
    }
}
