package io.quapr.sidecar.api.http.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.quapr.sidecar.eventloop.CappedHttpServer;
import io.quapr.sidecar.eventloop.ConnectionLimit;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;

/**
 * The HTTP server of the API (and of the metrics port): Vert.x's, under a {@link ConnectionLimit},
 * with {@link ConnectionGuard} first in each connection's pipeline; and, once the connection turns
 * out to speak HTTP/1.x (at once, or after the h2c sniffing of its first bytes),
 * {@link StrictRequestDecoder} in place of Vert.x's decoder and {@link ExchangeTracker} behind it.
 * Heads it refuses are answered by {@link InvalidRequests}.
 */
public final class GuardedHttpServer extends CappedHttpServer {

    private static final String DECODER = "httpDecoder";

    private static final String ENCODER = "httpEncoder";

    private final HttpServerOptions decoderOptions;

    private final long headTimeoutMillis;

    /**
     * @param limit the port's connection limit, shared by its servers
     * @param headTimeoutMillis the request head deadline ({@link ConnectionGuard}); 0: none
     */
    public GuardedHttpServer(Vertx vertx, HttpServerOptions options, ConnectionLimit limit, long headTimeoutMillis) {
        super(vertx, options, limit);
        this.decoderOptions = new HttpServerOptions(options);
        this.headTimeoutMillis = headTimeoutMillis;
        invalidRequestHandler(new InvalidRequests());
    }

    @Override
    protected void accepted(Channel channel) {
        ConnectionGuard guard = new ConnectionGuard(headTimeoutMillis);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addFirst(ConnectionGuard.NAME, guard);
        if (pipeline.get(DECODER) != null) {
            strict(pipeline, guard);
        } else {
            // h2c is on: Vert.x sniffs the first bytes, then adds the HTTP/1.x handlers behind
            // itself (or HTTP/2's). This handler, last for now, is then right ahead of them.
            pipeline.addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (ctx.pipeline().get(DECODER) != null) {
                        strict(ctx.pipeline(), guard);
                    } else {
                        guard.standDown();
                    }
                    // on to the new decoder (the replacement relinked this handler to it), then
                    // out of the way, unless that read took the pipeline apart already: an h2c
                    // upgrade request ends with every HTTP/1.x handler removed, this one included
                    ctx.fireChannelRead(msg);
                    if (!ctx.isRemoved()) {
                        ctx.pipeline().remove(this);
                    }
                }
            });
        }
    }

    private void strict(ChannelPipeline pipeline, ConnectionGuard guard) {
        pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(decoderOptions));
        pipeline.addAfter(ENCODER, ExchangeTracker.NAME, new ExchangeTracker(guard));
    }
}
