package io.quapr.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * App B of the invocation tests: answers every request with the body it received, the status
 * named by the {@code status} query parameter (200 by default; 503 for the first {@code fail=<n>}
 * requests to a path), after {@code delay=<ms>}, and headers telling what it saw:
 * {@code x-echo-method}, {@code x-echo-path}, {@code x-echo-query}, {@code x-echo-attempt} (the
 * how-manieth request to this path), and {@code x-seen-<name>} for each request header.
 */
final class EchoHttpApp implements AutoCloseable {

    /** Requests seen per path: what {@code fail=<n>} counts. */
    private static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();
    /** The headers (lower-case names, first values) of the last request to each path. */
    private static final Map<String, Map<String, String>> LAST_HEADERS = new ConcurrentHashMap<>();

    private final HttpServer server;
    private final ExecutorService executor;

    private EchoHttpApp(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static EchoHttpApp start() {
        return start(0, 8);
    }

    /**
     * Starts on a given port (0 for a free one; a fixed one to come back where a stopped app
     * was) with a given number of request threads (each {@code delay=} holds one).
     */
    static EchoHttpApp start(int port, int threads) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            server.setExecutor(executor);
            server.createContext("/", EchoHttpApp::answer);
            server.start();
            return new EchoHttpApp(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The headers of the last request to a path (lower-case names), or null before any. */
    static Map<String, String> lastHeaders(String path) {
        return LAST_HEADERS.get(path);
    }

    /** How many requests to a path have arrived (counted before any {@code delay=}). */
    static int attempts(String path) {
        AtomicInteger n = ATTEMPTS.get(path);
        return n == null ? 0 : n.get();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        String query = ex.getRequestURI().getRawQuery();
        int status = 200;
        int fail = 0;
        long delay = 0;
        if (query != null) {
            for (String p : query.split("&")) {
                if (p.startsWith("status=")) {
                    status = Integer.parseInt(p.substring(7));
                } else if (p.startsWith("fail=")) {
                    fail = Integer.parseInt(p.substring(5));
                } else if (p.startsWith("delay=")) {
                    delay = Long.parseLong(p.substring(6));
                }
            }
        }
        String path = ex.getRequestURI().getRawPath();
        Map<String, String> seen = new HashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(Locale.ROOT), v.get(0)));
        LAST_HEADERS.put(path, seen);
        int attempt = ATTEMPTS.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
        if (attempt <= fail) {
            status = 503;
        }
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        var out = ex.getResponseHeaders();
        out.set("x-echo-attempt", Integer.toString(attempt));
        out.set("x-echo-method", ex.getRequestMethod());
        out.set("x-echo-path", ex.getRequestURI().getRawPath());
        out.set("x-echo-query", query == null ? "" : query);
        for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
            out.put("x-seen-" + h.getKey().toLowerCase(Locale.ROOT), h.getValue());
        }
        String type = ex.getRequestHeaders().getFirst("content-type");
        if (type != null) {
            out.set("content-type", type);
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
