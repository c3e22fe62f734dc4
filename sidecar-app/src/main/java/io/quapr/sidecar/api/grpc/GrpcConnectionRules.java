package io.quapr.sidecar.api.grpc;

import io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.InternalProtocolNegotiators;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AsciiString;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.eventloop.ConnectionLimit;
import io.quarkus.grpc.api.ServerBuilderCustomizer;
import io.quarkus.grpc.runtime.config.GrpcServerConfiguration;
import io.vertx.grpc.VertxServerBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC API port's connection rules, beside the handshake timeout
 * ({@code quarkus.grpc.server.handshake-timeout}): at most {@code quapr.grpc-max-connections}
 * open at once, and a connection that carries no call for {@code quapr.grpc-idle-timeout} is
 * closed with a GOAWAY (the SDKs reconnect on their next call). The bound sits in the server's
 * plaintext protocol negotiation, the one step grpc-java runs for each accepted connection.
 */
@ApplicationScoped
public class GrpcConnectionRules implements ServerBuilderCustomizer<VertxServerBuilder> {

    @Inject
    SidecarConfig config;

    @Override
    public void customize(GrpcServerConfiguration serverConfig, VertxServerBuilder builder) {
        builder.nettyBuilder().maxConnectionIdle(config.grpcIdleTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (serverConfig.ssl().certificate().isEmpty() && serverConfig.ssl().keyStore().isEmpty()) {
            builder.nettyBuilder()
                    .protocolNegotiator(new Capped(InternalProtocolNegotiators.serverPlaintext(),
                            new ConnectionLimit(config.grpcMaxConnections())));
        }
    }

    /** Plaintext negotiation, after the connection is counted in (or closed, over the bound). */
    private static final class Capped implements InternalProtocolNegotiator.ProtocolNegotiator {
        private final InternalProtocolNegotiator.ProtocolNegotiator plaintext;
        private final ConnectionLimit limit;

        Capped(InternalProtocolNegotiator.ProtocolNegotiator plaintext, ConnectionLimit limit) {
            this.plaintext = plaintext;
            this.limit = limit;
        }

        @Override
        public AsciiString scheme() {
            return plaintext.scheme();
        }

        @Override
        public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
            ChannelHandler negotiation = plaintext.newHandler(grpcHandler);
            return new ChannelInboundHandlerAdapter() {
                @Override
                public void handlerAdded(ChannelHandlerContext ctx) {
                    if (limit.admit(ctx.channel())) {
                        ctx.pipeline().replace(this, null, negotiation);
                    }
                }
            };
        }

        @Override
        public void close() {
            plaintext.close();
        }
    }
}
