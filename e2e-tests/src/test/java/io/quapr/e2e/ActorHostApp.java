package io.quapr.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dapr.actors.runtime.ActorRuntime;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An actor app as the SDK's Spring integration serves one, on a JDK HttpServer: the routes daprd
 * calls ({@code GET /dapr/config}, {@code PUT /actors/<type>/<id>/method/<method>}, its
 * {@code remind/} and {@code timer/} forms, {@code DELETE /actors/<type>/<id>}) handed to the
 * Java SDK's {@link ActorRuntime}. The runtime is given once the sidecar's ports are known; calls
 * before wait for it.
 */
final class ActorHostApp implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final CompletableFuture<ActorRuntime> runtime = new CompletableFuture<>();

    private ActorHostApp(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static ActorHostApp start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService executor = Executors.newFixedThreadPool(8);
        server.setExecutor(executor);
        ActorHostApp app = new ActorHostApp(server, executor);
        server.createContext("/", app::answer);
        server.start();
        return app;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The SDK runtime the calls go to. */
    void runtime(ActorRuntime r) {
        runtime.complete(r);
    }

    private void answer(HttpExchange x) throws IOException {
        try (x) {
            byte[] body = x.getRequestBody().readAllBytes();
            ActorRuntime r = runtime.get(30, TimeUnit.SECONDS);
            String path = x.getRequestURI().getPath();
            byte[] out = new byte[0];
            if (path.equals("/dapr/config")) {
                out = r.serializeConfig();
            } else if (path.startsWith("/actors/")) {
                String[] p = path.split("/", 6);
                Duration wait = Duration.ofSeconds(30);
                if (x.getRequestMethod().equals("DELETE") && p.length == 4) {
                    r.deactivate(p[2], p[3]).block(wait);
                } else if (p.length == 6 && p[5].startsWith("remind/")) {
                    r.invokeReminder(p[2], p[3], p[5].substring(7), body).block(wait);
                } else if (p.length == 6 && p[5].startsWith("timer/")) {
                    r.invokeTimer(p[2], p[3], p[5].substring(6), body).block(wait);
                } else if (p.length == 6) {
                    out = r.invoke(p[2], p[3], p[5], body).block(wait);
                }
            } else {
                x.sendResponseHeaders(404, -1);
                return;
            }
            out = out == null ? new byte[0] : out;
            x.getResponseHeaders().set("Content-Type", "application/json");
            x.sendResponseHeaders(200, out.length == 0 ? -1 : out.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(out);
            }
        } catch (Exception e) {
            byte[] msg = String.valueOf(e).getBytes();
            x.sendResponseHeaders(500, msg.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(msg);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
