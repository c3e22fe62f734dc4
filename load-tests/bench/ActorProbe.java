import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Both ends of the actor scenario of {@code bench.sh} ({@code bench/actors.sh}), on loopback, with
 * Vert.x (the sidecar's HTTP stack), no SDK.
 *
 * <p>{@code host PORT TYPE}: the actor host app. {@code GET /dapr/config} names TYPE (idle timeout
 * of an hour, so no actor is deactivated during a run); {@code PUT /actors/TYPE/<id>/method/<m>}
 * echoes the body; {@code .../method/remind/<name>} records the arrival time (epoch microseconds:
 * the driver is another process, so {@link Instant}, not {@code System.nanoTime}); {@code DELETE
 * /actors/TYPE/<id>} (deactivation) answers 200. {@code GET /bench/reminders} answers the arrival
 * times, one a line; {@code POST /bench/reset} forgets them.
 *
 * <p>{@code activate URL TYPE PREFIX COUNT RATE CONNECTIONS WARMUP OUT}: WARMUP untimed calls
 * (to ids {@code <PREFIX>warm<i>}: this JVM's own warm-up), then COUNT calls {@code PUT
 * URL/actors/TYPE/<PREFIX><i>/method/echo} (i = 0..COUNT-1, so every call is to another actor id),
 * started at a fixed RATE per second (open loop, one every 1/RATE s), over at most CONNECTIONS
 * connections (a call waits for a free one, and its time includes the wait). URL is the sidecar's
 * {@code http://host:port/v1.0} or the app's {@code http://host:port}. Writes each timed call's
 * time in ms to OUT and prints {@code <ok> <failed> <seconds>}; exits 1 when a call failed (not
 * 200, or not the body echoed).
 *
 * <p>{@code remind URL APP-URL TYPE PREFIX COUNT CONNECTIONS AHEAD OUT}: registers COUNT one-shot
 * reminders {@code bench} (one per actor {@code <PREFIX><i>}), all due at the same instant, AHEAD
 * seconds after the start (an RFC 3339 {@code dueTime}), over CONNECTIONS connections each
 * registering one after the other (a failed registration does not stop the others); then waits
 * until the app counted a callback per registered reminder (at most 60 s after the due instant).
 * Writes the registration times (ms) to OUT.register.ms and each callback's delay after the due
 * instant (ms) to OUT.delay.ms; prints {@code <registered> <failed> <seconds registering> <slack s:
 * due instant minus end of registration> <delivered> <first delay ms> <last delay ms>}, also when
 * it then exits 1: a registration failed, registration ended after the due instant, or a
 * registered reminder's callback is missing.
 *
 * <p>Usage: {@code java -cp 'sidecar-app/target/quarkus-app/lib/main/*' ActorProbe.java MODE ...}
 */
public class ActorProbe {

    /** How long the remind mode waits for the callbacks after the due instant. */
    private static final long DELIVERY_WAIT_MS = 60_000;

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("host")) {
            host(Integer.parseInt(args[1]), args[2]);
        } else if (args.length == 9 && args[0].equals("activate")) {
            System.exit(activate(URI.create(args[1]), args[2], args[3], Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), Integer.parseInt(args[6]), Integer.parseInt(args[7]), Path.of(args[8])));
        } else if (args.length == 9 && args[0].equals("remind")) {
            System.exit(remind(URI.create(args[1]), URI.create(args[2]), args[3], args[4], Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]), Integer.parseInt(args[7]), Path.of(args[8])));
        } else {
            System.err.println("usage: host PORT TYPE | activate URL TYPE PREFIX COUNT RATE CONNECTIONS WARMUP OUT"
                    + " | remind URL APP-URL TYPE PREFIX COUNT CONNECTIONS AHEAD OUT");
            System.exit(2);
        }
    }

    static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    // --- the actor host: one event loop serves every request, so the plain fields need no locking

    private static long[] arrivals = new long[1 << 14];
    private static int reminded;

    static void host(int port, String type) {
        Buffer config = new JsonObject().put("entities", new JsonArray().add(type)).put("actorIdleTimeout", "1h")
                .put("actorScanInterval", "30s").put("drainOngoingCallTimeout", "5s").toBuffer();
        String actors = "/actors/" + type + "/";
        Vertx.vertx().createHttpServer().requestHandler(req -> {
            String path = req.path();
            if (path.startsWith(actors) && path.contains("/method/remind/")) {
                if (reminded == arrivals.length) {
                    arrivals = Arrays.copyOf(arrivals, reminded * 2);
                }
                arrivals[reminded++] = nowMicros();
                req.response().end();
            } else if (path.startsWith(actors) && path.contains("/method/")) {
                req.body().onSuccess(body -> req.response().putHeader("Content-Type", "application/json").end(body));
            } else if (path.startsWith(actors) && req.method() == HttpMethod.DELETE) {
                req.response().end();
            } else {
                switch (path) {
                    case "/dapr/config" -> req.response().putHeader("Content-Type", "application/json").end(config);
                    case "/dapr/subscribe" -> req.response().putHeader("Content-Type", "application/json").end("[]");
                    case "/bench/reminders" -> {
                        StringBuilder out = new StringBuilder();
                        for (int i = 0; i < reminded; i++) {
                            out.append(arrivals[i]).append('\n');
                        }
                        req.response().end(out.toString());
                    }
                    case "/bench/reset" -> {
                        reminded = 0;
                        req.response().end();
                    }
                    default -> req.response().setStatusCode(404).end();
                }
            }
        }).listen(port, "127.0.0.1")
                .onSuccess(s -> System.out.println("actor host on 127.0.0.1:" + port + " for " + type))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    // --- activation: calls to COUNT different actor ids at a fixed rate

    static int activate(URI url, String type, String prefix, int count, int rate, int connections, int warmup,
            Path out) throws Exception {
        Vertx vertx = Vertx.vertx();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        Buffer body = Buffer.buffer("{\"n\":1}");
        int total = warmup + count;
        long[] times = new long[count];
        // answered: timed ok, failed, all (untimed included)
        int[] done = {0, 0, 0};
        String[] firstFailure = {null};
        CompletableFuture<Void> finished = new CompletableFuture<>();
        long start = System.nanoTime();
        int[] sent = {0};
        // open loop: every millisecond, start what the rate says should have started by now
        vertx.setPeriodic(1, id -> {
            long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
            while (sent[0] < due) {
                int i = sent[0]++;
                boolean timed = i >= warmup;
                String actor = timed ? prefix + (i - warmup) : prefix + "warm" + i;
                long t0 = System.nanoTime();
                String path = url.getRawPath() + "/actors/" + type + "/" + actor + "/method/echo";
                client.request(HttpMethod.PUT, url.getPort(), url.getHost(), path)
                        .compose(req -> req.putHeader("Content-Type", "application/json").send(body))
                        .compose(resp -> resp.body().map(b -> resp.statusCode() != 200
                                ? "HTTP " + resp.statusCode() + " " + b
                                : b.equals(body) ? null : "not the body echoed: " + b))
                        .onComplete(ar -> {
                            String error = ar.failed() ? ar.cause().toString() : ar.result();
                            if (error != null) {
                                done[1]++;
                                if (firstFailure[0] == null) {
                                    firstFailure[0] = error;
                                }
                            } else if (timed) {
                                times[done[0]++] = System.nanoTime() - t0;
                            }
                            if (++done[2] == total) {
                                finished.complete(null);
                            }
                        });
            }
            if (sent[0] == total) {
                vertx.cancelTimer(id);
            }
        });
        try {
            // bounded: the sends take total / rate seconds; what has not answered 30 s later failed
            finished.get(total / Math.max(1, rate) + 30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.err.println("activate: " + (total - done[2]) + " calls unanswered after the bound");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        writeMs(out, times, done[0], 1e6);
        System.out.printf("%d %d %.3f%n", done[0], count - done[0], seconds);
        if (firstFailure[0] != null) {
            System.err.println("activate: first failure: " + firstFailure[0]);
        }
        vertx.close();
        return done[0] == count && done[1] == 0 ? 0 : 1;
    }

    // --- reminders: COUNT one-shot reminders due at one instant, and their callbacks

    static int remind(URI url, URI app, String type, String prefix, int count, int connections, int ahead, Path out)
            throws Exception {
        Vertx vertx = Vertx.vertx();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(connections + 1));
        call(client, HttpMethod.POST, app, "/bench/reset", null).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        long dueMicros = (nowMicros() / 1000 + ahead * 1000L) * 1000;
        String dueTime = Instant.EPOCH.plus(dueMicros, ChronoUnit.MICROS).toString();
        Buffer body = new JsonObject().put("dueTime", dueTime).put("period", "").toBuffer();
        long[] times = new long[count];
        int[] done = {0, 0};
        String[] firstFailure = {null};
        CompletableFuture<Void> registered = new CompletableFuture<>();
        int[] next = {0};
        long start = System.nanoTime();
        // closed loop: each connection registers the next reminder when its last one is answered
        Runnable[] register = new Runnable[1];
        register[0] = () -> {
            if (next[0] >= count) {
                return;
            }
            int i = next[0]++;
            long t0 = System.nanoTime();
            call(client, HttpMethod.PUT, url, "/actors/" + type + "/" + prefix + i + "/reminders/bench", body)
                    .onComplete(ar -> {
                        String error = ar.failed() ? ar.cause().toString()
                                : ar.result().startsWith("2") ? null : "HTTP " + ar.result();
                        if (error == null) {
                            times[done[0]++] = System.nanoTime() - t0;
                        } else {
                            done[1]++;
                            if (firstFailure[0] == null) {
                                firstFailure[0] = error;
                            }
                        }
                        if (done[0] + done[1] == count) {
                            registered.complete(null);
                        } else {
                            register[0].run();
                        }
                    });
        };
        vertx.runOnContext(v -> {
            for (int c = 0; c < connections; c++) {
                register[0].run();
            }
        });
        long bound = dueMicros / 1000 + DELIVERY_WAIT_MS - System.currentTimeMillis();
        try {
            registered.get(bound, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            firstFailure[0] = firstFailure[0] != null ? firstFailure[0] : "registration unfinished after the bound";
        }
        double registering = (System.nanoTime() - start) / 1e9;
        double slack = (dueMicros - nowMicros()) / 1e6;
        writeMs(out.resolveSibling(out.getFileName() + ".register.ms"), times, done[0], 1e6);
        // wait for the callbacks: the app's count, read every 100 ms
        long[] arrivals = new long[0];
        while (System.currentTimeMillis() < dueMicros / 1000 + DELIVERY_WAIT_MS) {
            String answer = call(client, HttpMethod.GET, app, "/bench/reminders", null).toCompletionStage()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            String list = answer.substring(answer.indexOf(' ') + 1);
            arrivals = list.isBlank() ? new long[0] : list.lines().mapToLong(Long::parseLong).toArray();
            if (arrivals.length >= done[0] && System.currentTimeMillis() > dueMicros / 1000) {
                break;
            }
            Thread.sleep(100);
        }
        long[] delays = Arrays.stream(arrivals).map(a -> a - dueMicros).sorted().toArray();
        writeMs(out.resolveSibling(out.getFileName() + ".delay.ms"), delays, delays.length, 1e3);
        System.out.printf("%d %d %.3f %.3f %d %.3f %.3f%n", done[0], count - done[0], registering, slack,
                delays.length, delays.length == 0 ? 0 : delays[0] / 1e3,
                delays.length == 0 ? 0 : delays[delays.length - 1] / 1e3);
        vertx.close();
        boolean failed = false;
        if (firstFailure[0] != null) {
            System.err.println("remind: " + (count - done[0]) + " registrations failed; first: " + firstFailure[0]);
            failed = true;
        }
        if (slack < 0) {
            System.err.printf("remind: registration ended %.1f s after the due instant: raise AHEAD%n", -slack);
            failed = true;
        }
        if (delays.length != done[0]) {
            System.err.println("remind: " + delays.length + " callbacks for " + done[0] + " reminders registered");
            failed = true;
        }
        return failed ? 1 : 0;
    }

    /** One request; its status and body as {@code "<status> <body>"}. */
    static Future<String> call(HttpClient client, HttpMethod method, URI base, String path, Buffer body) {
        return client.request(method, base.getPort(), base.getHost(), base.getRawPath() + path)
                .compose(req -> body == null ? req.send() : req.putHeader("Content-Type", "application/json").send(body))
                .compose(resp -> resp.body().map(b -> resp.statusCode() + " " + b));
    }

    static void writeMs(Path file, long[] values, int n, double perMs) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            for (int i = 0; i < n; i++) {
                w.printf("%.3f%n", values[i] / perMs);
            }
        }
    }
}
