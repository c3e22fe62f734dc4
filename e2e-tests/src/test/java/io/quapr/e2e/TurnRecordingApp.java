package io.quapr.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An actor app that records its turns for the actor cluster tests: several instances (one per
 * sidecar) share one {@link Turns}, so a turn of an actor that starts while another turn of the
 * same actor runs, on any instance, is counted as an overlap. A method call answers the
 * instance's name; a reminder callback is counted by actor and reminder.
 */
final class TurnRecordingApp implements AutoCloseable {

    /** What every instance records, shared. */
    static final class Turns {
        final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        /** Reminder callbacks by {@code <actor id>/<reminder name>}. */
        final Map<String, AtomicInteger> reminders = new ConcurrentHashMap<>();
        /** Actor ids each instance ran a method of, by instance name. */
        final Map<String, Map<String, Boolean>> actorsByInstance = new ConcurrentHashMap<>();
    }

    static final String TYPE = "ClusterActor";

    private final HttpServer server;
    private final ExecutorService executor;
    private final String name;
    private final Turns turns;

    private TurnRecordingApp(HttpServer server, ExecutorService executor, String name, Turns turns) {
        this.server = server;
        this.executor = executor;
        this.name = name;
        this.turns = turns;
    }

    static TurnRecordingApp start(String name, Turns turns) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        ExecutorService executor = Executors.newFixedThreadPool(32);
        server.setExecutor(executor);
        TurnRecordingApp app = new TurnRecordingApp(server, executor, name, turns);
        server.createContext("/", app::answer);
        server.start();
        return app;
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void answer(HttpExchange x) throws IOException {
        try (x) {
            x.getRequestBody().readAllBytes();
            String path = x.getRequestURI().getPath();
            String[] parts = path.split("/");
            if (path.equals("/dapr/config")) {
                send(x, 200, "{\"entities\":[\"" + TYPE + "\"],\"actorIdleTimeout\":\"1h\","
                        + "\"drainOngoingCallTimeout\":\"10s\"}");
            } else if (x.getRequestMethod().equals("DELETE")) {
                send(x, 200, "");
            } else if (parts.length >= 7 && parts[5].equals("remind")) {
                // /actors/<type>/<id>/method/remind/<name>
                turns.reminders.computeIfAbsent(parts[3] + "/" + parts[6], k -> new AtomicInteger()).incrementAndGet();
                send(x, 200, "");
            } else if (parts.length >= 6 && parts[4].equals("method")) {
                String id = parts[3];
                AtomicInteger running = turns.running.computeIfAbsent(id, k -> new AtomicInteger());
                if (running.incrementAndGet() > 1) {
                    turns.overlaps.incrementAndGet();
                }
                try {
                    // a turn that takes a little while: an overlapping one would be caught in it
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    running.decrementAndGet();
                }
                turns.calls.incrementAndGet();
                turns.actorsByInstance.computeIfAbsent(name, k -> new ConcurrentHashMap<>()).put(id, true);
                send(x, 200, "\"" + name + "\"");
            } else {
                send(x, 404, "");
            }
        }
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
