package io.quapr.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dapr.actors.runtime.ActorRuntime;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An actor app as the SDK's Spring integration serves one, on a JDK HttpServer: the routes daprd
 * calls ({@code GET /dapr/config}, {@code PUT /actors/<type>/<id>/method/<method>}, its
 * {@code remind/} and {@code timer/} forms, {@code DELETE /actors/<type>/<id>}) handed to the
 * Java SDK's {@link ActorRuntime}, except those of {@link ReentrantActor}, which the app serves
 * itself (the SDK's runtime cannot be re-entered). The runtime is given once the sidecar's ports are known; calls
 * before wait for it.
 */
final class ActorHostApp implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The actor type the app serves itself, reentrant. */
    private static final String REENTRANT = "ReentrantActor";

    private final HttpServer server;
    private final ExecutorService executor;
    private final CompletableFuture<ActorRuntime> runtime = new CompletableFuture<>();
    private volatile int sidecarHttpPort;

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

    /** The sidecar's HTTP port, for the nested calls of the reentrant actor. */
    void sidecarHttpPort(int port) {
        sidecarHttpPort = port;
    }

    /**
     * {@link ReentrantActor#reenter}: the nested call goes through the sidecar with the chain's
     * id, from inside this call's turn; a deactivation is simply acknowledged.
     */
    private byte[] reenter(String[] p, byte[] body, String chain) throws IOException, InterruptedException {
        if (p.length < 6) {
            return new byte[0];
        }
        int depth = JSON.readTree(body).asInt();
        if (depth == 0) {
            return JSON.writeValueAsBytes("bottom");
        }
        HttpRequest nested = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecarHttpPort
                + "/v1.0/actors/" + REENTRANT + "/" + p[3] + "/method/reenter")).timeout(Duration.ofSeconds(10))
                .header("Dapr-Reentrancy-Id", chain == null ? "" : chain).PUT(HttpRequest.BodyPublishers.ofString(
                        Integer.toString(depth - 1)))
                .build();
        HttpResponse<String> r = HTTP.send(nested, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("nested call answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.writeValueAsBytes("in(" + JSON.readValue(r.body(), String.class) + ")");
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
                // the SDK's configuration, with the reentrant actor the app serves itself, and
                // reentrancy turned on for it (the SDK has no such setting)
                ObjectNode config = (ObjectNode) JSON.readTree(r.serializeConfig());
                config.withArray("entities").add(REENTRANT);
                ObjectNode own = config.withArray("entitiesConfig").addObject();
                own.putArray("entities").add(REENTRANT);
                own.putObject("reentrancy").put("enabled", true).put("maxStackDepth", 8);
                out = JSON.writeValueAsBytes(config);
            } else if (path.startsWith("/actors/" + REENTRANT + "/")) {
                out = reenter(path.split("/"), body, x.getRequestHeaders().getFirst("Dapr-Reentrancy-Id"));
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
        } catch (Exception | LinkageError e) {
            e.printStackTrace();
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
