package io.quapr.sidecar.eventloop;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Makes a connection's flushes of one event-loop turn one socket write. Vert.x flushes an HTTP/2
 * connection after every frame it writes outside that connection's own read: a call through the
 * sidecars writes its head, body and end (and the answer its headers and data, then its
 * trailers) as separate write(2)s, and each one wakes the reader on the other side. With Netty's
 * {@link FlushConsolidationHandler} first in the pipeline, a flush made outside a read waits for
 * a task queued behind the current turn's work, so the frames of one call, and of every other
 * call handled in the same turn on that connection, leave in one write.
 */
public final class FlushBatching {

    private static final String NAME = "quapr-flush-batching";

    private FlushBatching() {
    }

    /**
     * Installs the batching on a connection; called from the server's or client's connection
     * handler, on the connection's event loop. Connections that are not Vert.x's own (none in
     * practice) are left as they are.
     */
    public static void install(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            ChannelPipeline pipeline = base.channel().pipeline();
            if (pipeline.get(NAME) == null) {
                pipeline.addFirst(NAME, new FlushConsolidationHandler(
                        FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
            }
        }
    }
}
