package io.quapr.loadtests;

import io.vertx.core.Vertx;

/**
 * App B of the invocation scenarios (the Gatling simulation and {@code bench.sh}): a Vert.x HTTP
 * server on loopback answering every request with the body it received (status 200, the
 * request's content type). It runs in a process of its own on the sidecar's jars (Vert.x 4, Netty
 * 4.1), not on the load generator's classpath.
 *
 * <p>Usage: {@code java -cp 'sidecar-app/target/quarkus-app/lib/main/*'
 * load-tests/src/test/java/io/quapr/loadtests/EchoApp.java PORT}
 */
public final class EchoApp {

    private EchoApp() {
    }

    /** Serves on {@code 127.0.0.1:args[0]} until killed. */
    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx.vertx().createHttpServer()
                .requestHandler(req -> req.body().onSuccess(body -> {
                    String type = req.getHeader("content-type");
                    if (type != null) {
                        req.response().putHeader("content-type", type);
                    }
                    req.response().end(body);
                }))
                .listen(port, "127.0.0.1")
                .onSuccess(s -> System.out.println("echo app on 127.0.0.1:" + port))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }
}
