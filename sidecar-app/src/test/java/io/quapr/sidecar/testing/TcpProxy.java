package io.quapr.sidecar.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy to a real server (Redis) that a test can take down and bring back on the same
 * port: the shared server keeps running for everyone else while one component loses it.
 */
public final class TcpProxy {

    private final Vertx vertx = Vertx.vertx();
    private final String targetHost;
    private final int targetPort;
    private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
    private NetServer server;
    private int port;

    /** A proxy to {@code targetHost:targetPort}, not yet listening. */
    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** Listens (on a free port the first time, on the same port afterwards) and returns the port. */
    public synchronized int start() {
        server = vertx.createNetServer().connectHandler(in -> {
            in.pause();
            sockets.add(in);
            vertx.createNetClient().connect(targetPort, targetHost).onSuccess(out -> {
                sockets.add(out);
                in.handler(out::write);
                out.handler(in::write);
                in.closeHandler(v -> out.close());
                out.closeHandler(v -> in.close());
                in.resume();
            }).onFailure(e -> in.close());
        });
        port = server.listen(port).toCompletionStage().toCompletableFuture().join().actualPort();
        return port;
    }

    /** Stops listening and cuts every open connection: the server is gone for the proxy's clients. */
    public synchronized void stop() {
        sockets.forEach(NetSocket::close);
        sockets.clear();
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().join();
            server = null;
        }
    }

    /** Stops and releases everything. */
    public void close() {
        stop();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
