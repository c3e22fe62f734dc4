package io.quapr.components.pubsub.rabbitmq;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of the test broker, so a test can take the broker away from the
 * component without stopping the shared server: {@link #cut} drops every proxied connection
 * mid-stream, as a broker crash does, and {@link #refuse} turns new connections away, as a
 * broker that is down does.
 */
final class TcpProxy implements AutoCloseable {

    private final NetServer server;
    private final NetClient client;
    private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean refusing;

    TcpProxy(Vertx vertx, int targetPort) throws Exception {
        client = vertx.createNetClient();
        server = vertx.createNetServer().connectHandler(in -> {
            if (refusing) {
                in.close();
                return;
            }
            accepted.incrementAndGet();
            in.pause();
            client.connect(targetPort, "127.0.0.1").onSuccess(out -> {
                sockets.add(in);
                sockets.add(out);
                in.closeHandler(v -> out.close());
                out.closeHandler(v -> in.close());
                in.pipeTo(out);
                out.pipeTo(in);
                in.resume();
            }).onFailure(err -> in.close());
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The port the component connects to. */
    int port() {
        return server.actualPort();
    }

    /** An AMQP URI through the proxy. */
    String uri() {
        return "amqp://guest:guest@127.0.0.1:" + port();
    }

    /** Drops every proxied connection. */
    void cut() {
        sockets.forEach(NetSocket::close);
        sockets.clear();
    }

    /** Turns new connections away (on) or lets them through again (off). */
    void refuse(boolean on) {
        refusing = on;
    }

    /** How many connections were let through so far. */
    int accepted() {
        return accepted.get();
    }

    @Override
    public void close() throws Exception {
        cut();
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        client.close();
    }
}
