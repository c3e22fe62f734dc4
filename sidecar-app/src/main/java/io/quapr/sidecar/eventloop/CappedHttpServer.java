package io.quapr.sidecar.eventloop;

import io.netty.channel.Channel;
import io.netty.handler.traffic.GlobalTrafficShapingHandler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.SslChannelProvider;
import java.util.function.BiConsumer;

/**
 * Vert.x's HTTP server under a {@link ConnectionLimit}. Vert.x shows a server's connections to its
 * connection handler only once their protocol is known (for an h2c-capable server, at the first
 * request); this sees each one as it is accepted, so the count is exact and a connection over
 * the bound costs nothing but its accept. Subclasses add to a connection's pipeline in
 * {@link #accepted(Channel)}.
 */
public class CappedHttpServer extends HttpServerImpl {

    private final ConnectionLimit limit;

    /** @param limit the port's limit, shared by all its servers */
    public CappedHttpServer(Vertx vertx, HttpServerOptions options, ConnectionLimit limit) {
        super((VertxInternal) vertx, options);
        this.limit = limit;
    }

    @Override
    protected final BiConsumer<Channel, SslChannelProvider> childHandler(ContextInternal context, SocketAddress address,
            GlobalTrafficShapingHandler trafficShaping) {
        BiConsumer<Channel, SslChannelProvider> vertxSide = super.childHandler(context, address, trafficShaping);
        return (channel, ssl) -> {
            if (limit.admit(channel)) {
                vertxSide.accept(channel, ssl);
                accepted(channel);
            }
        };
    }

    /**
     * Called on the connection's event loop for each connection admitted, once Vert.x has set up
     * its pipeline and before its first byte is read.
     */
    protected void accepted(Channel channel) {
        // nothing more by default
    }
}
