package io.quapr.sidecar.testing.actors;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * An actor app for the tests, as an actor SDK serves it: {@code GET /dapr/config} names its
 * types ({@code CounterActor}, {@code IdleActor} idle after 1 s, {@code ReentrantActor} with
 * reentrancy), {@code PUT /actors/<type>/<id>/method/<method>} runs a method and
 * {@code DELETE /actors/<type>/<id>} deactivates. Every call is recorded, and the calls running at
 * once on one actor are counted, so that a test sees whether turns overlapped. Methods:
 * {@code echo} (the body back, header {@code X-Echo}), {@code slow} (answers after 300 ms),
 * {@code fail} (500 {@code boom}), {@code reenter} (calls {@code echo} on itself through the
 * sidecar, passing the reentrancy id on), anything under {@code remind/} and {@code timer/} (200).
 */
public final class ActorTestApp {

    /** The app's {@code /dapr/config} answer. */
    static final String CONFIG = """
            {"entities": ["CounterActor", "IdleActor", "ReentrantActor"], "actorIdleTimeout": "1m",
             "drainOngoingCallTimeout": "5s", "drainRebalancedActors": true,
             "entitiesConfig": [{"entities": ["IdleActor"], "actorIdleTimeout": "1s"},
                                {"entities": ["ReentrantActor"], "reentrancy": {"enabled": true, "maxStackDepth": 4}}]}
            """;

    private static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    private static final Map<String, AtomicInteger> RUNNING = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> MOST = new ConcurrentHashMap<>();
    private static final AtomicInteger RUNNING_ALL = new AtomicInteger();
    private static final Map<String, AtomicInteger> FLAKY = new ConcurrentHashMap<>();
    private static final AtomicInteger MOST_ALL = new AtomicInteger();
    private static volatile int sidecarPort;
    private static Vertx vertx;
    private static HttpServer server;
    private static HttpClient client;

    private ActorTestApp() {
    }

    /**
     * One call the app received.
     *
     * @param method the HTTP verb
     * @param path the path
     * @param headers the headers, names in lower case
     * @param body the body as text
     */
    public record Call(String method, String path, Map<String, String> headers, String body) {
    }

    /** Starts the app on a free port (once) and returns the port. */
    public static synchronized int start() {
        if (server != null) {
            return server.actualPort();
        }
        vertx = Vertx.vertx();
        client = vertx.createHttpClient();
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> handle(req, b)))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        return server.actualPort();
    }

    /** Where the sidecar's HTTP API listens (the app calls back into it). */
    public static void sidecarPort(int port) {
        sidecarPort = port;
    }

    /** The calls whose path is the one given. */
    public static List<Call> calls(String method, String path) {
        return CALLS.stream().filter(c -> c.method().equals(method) && c.path().equals(path)).toList();
    }

    /** The calls whose path starts with the prefix. */
    public static List<Call> callsUnder(String prefix) {
        return CALLS.stream().filter(c -> c.path().startsWith(prefix)).toList();
    }

    /** The most calls that ran at once on the actor. */
    public static int mostAtOnce(String type, String id) {
        AtomicInteger n = MOST.get(type + "/" + id);
        return n == null ? 0 : n.get();
    }

    /** The most {@code slow} calls that ran at once on any actors. */
    public static int mostAtOnceOverall() {
        return MOST_ALL.get();
    }

    /** Waits until the condition holds, failing after the timeout. */
    public static void until(BooleanSupplier condition, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + timeout);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static void handle(HttpServerRequest req, Buffer body) {
        Map<String, String> headers = new TreeMap<>();
        req.headers().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
        CALLS.add(new Call(req.method().name(), req.path(), headers, body.toString()));
        String path = req.path();
        if (path.equals("/dapr/config")) {
            req.response().putHeader("Content-Type", "application/json").end(CONFIG);
            return;
        }
        String[] p = path.split("/", 6);
        // "", "actors", type, id, "method", method
        if (p.length < 4 || !p[1].equals("actors")) {
            req.response().setStatusCode(404).end();
            return;
        }
        if (req.method() == HttpMethod.DELETE && p.length == 4) {
            req.response().end();
            return;
        }
        if (p.length < 6 || req.method() != HttpMethod.PUT) {
            req.response().setStatusCode(404).end();
            return;
        }
        String actor = p[2] + "/" + p[3];
        String method = p[5];
        int running = RUNNING.computeIfAbsent(actor, k -> new AtomicInteger()).incrementAndGet();
        MOST.computeIfAbsent(actor, k -> new AtomicInteger()).accumulateAndGet(running, Math::max);
        Runnable done = () -> RUNNING.get(actor).decrementAndGet();
        switch (method) {
            case "echo" -> {
                done.run();
                String type = req.getHeader("Content-Type");
                req.response().putHeader("X-Echo", "yes").putHeader("Content-Type", type == null
                        ? "text/plain"
                        : type).end(body);
            }
            case "slow" -> {
                MOST_ALL.accumulateAndGet(RUNNING_ALL.incrementAndGet(), Math::max);
                vertx.setTimer(300, t -> {
                    RUNNING_ALL.decrementAndGet();
                    done.run();
                    req.response().end("slow done");
                });
            }
            case "fail" -> {
                done.run();
                req.response().setStatusCode(500).end("boom");
            }
            case "sleepy" -> vertx.setTimer(3_000, t -> {
                done.run();
                req.response().end("awake");
            });
            case "flaky" -> {
                // fails the first two calls of each actor, then answers
                done.run();
                int n = FLAKY.computeIfAbsent(actor, k -> new AtomicInteger()).incrementAndGet();
                req.response().setStatusCode(n <= 2 ? 500 : 200).end(n <= 2 ? "not yet" : "call " + n);
            }
            case "reenter" -> {
                MultiMap h = MultiMap.caseInsensitiveMultiMap();
                String chain = req.getHeader("Dapr-Reentrancy-Id");
                if (chain != null) {
                    h.add("Dapr-Reentrancy-Id", chain);
                }
                RequestOptions o = new RequestOptions().setMethod(HttpMethod.PUT).setHost("127.0.0.1").setPort(
                        sidecarPort).setURI("/v1.0/actors/" + actor + "/method/echo").setHeaders(h);
                client.request(o).compose(r -> r.send("inner")).compose(r -> r.body().map(x -> r.statusCode()
                        + ":" + x)).onComplete(ar -> {
                            done.run();
                            req.response().end(ar.succeeded() ? ar.result() : "failed: " + ar.cause());
                        });
            }
            default -> {
                done.run();
                if (method.startsWith("remind/") || method.startsWith("timer/")) {
                    req.response().end();
                } else {
                    req.response().setStatusCode(404).end("no method " + method);
                }
            }
        }
    }
}
