package io.quapr.sidecar.eventloop;

import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Servers that take their connections on every Vert.x event loop. A server made from a thread
 * outside Vert.x (a start-up observer) lives on one event loop, and every connection it accepts
 * is served by that one thread: on a burst of calls the requests queue behind each other while
 * the other loops sit idle. Servers made on each loop, on the same port, share the port, and
 * Vert.x hands the connections to them in turn.
 */
public final class EventLoops {

    private EventLoops() {
    }

    /** The number of Vert.x event loops ({@code quarkus.vertx.event-loops-pool-size}). */
    public static int count(Vertx vertx) {
        int n = 0;
        for (EventExecutor ignored : vertx.nettyEventLoopGroup()) {
            n++;
        }
        return Math.max(1, n);
    }

    /**
     * Starts one HTTP server per event loop, all on one port.
     *
     * @param options the servers' options; with port 0 (a random port) one server only
     * @param handler the requests of every server (called on the server's own event loop)
     * @param connections each new connection, before its first request (on its event loop)
     * @return the servers, once all listen; fails when the first cannot listen
     */
    public static Future<List<HttpServer>> listenOnEach(Vertx vertx, HttpServerOptions options,
            Handler<HttpServerRequest> handler, Handler<HttpConnection> connections) {
        return listenOnEach(vertx, () -> vertx.createHttpServer(options), options.getPort(), handler, connections);
    }

    /**
     * Starts one HTTP server per event loop, all on one port, each made by {@code factory} (called
     * on the server's own event loop).
     *
     * @param port the servers' port (as in their options); with 0 (a random port) one server only
     */
    public static Future<List<HttpServer>> listenOnEach(Vertx vertx, Supplier<HttpServer> factory, int port,
            Handler<HttpServerRequest> handler, Handler<HttpConnection> connections) {
        List<HttpServer> servers = new CopyOnWriteArrayList<>();
        // Servers on one fixed port share it. With port 0 Vert.x would give each server a port of
        // its own, and only one of them is ever announced: one server then (tests pick port 0).
        int instances = port == 0 ? 1 : count(vertx);
        return deploy(vertx, factory, handler, connections, servers, instances).map(v -> List.copyOf(servers));
    }

    private static Future<String> deploy(Vertx vertx, Supplier<HttpServer> factory, Handler<HttpServerRequest> handler,
            Handler<HttpConnection> connections, List<HttpServer> servers, int instances) {
        return vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                factory.get().connectionHandler(connections).requestHandler(handler).listen()
                        .onSuccess(s -> {
                            servers.add(s);
                            started.complete();
                        }).onFailure(started::fail);
            }
        }, new DeploymentOptions().setInstances(instances));
    }
}
