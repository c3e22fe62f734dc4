import io.vertx.core.AbstractVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * The gRPC scenario of {@code bench.sh}: unary {@code dapr.proto.runtime.v1.Dapr/GetState} calls
 * over HTTP/2 cleartext, with Vert.x (no gRPC load tool exists here, and {@code h2load} counts a
 * gRPC error as a success: it is an HTTP 200 with a {@code grpc-status} trailer).
 * <ul>
 * <li>{@code serve PORT VALUE}: the direct baseline, a server answering every call with a
 * {@code GetStateResponse} holding VALUE (as an app holding its own state would).</li>
 * <li>{@code load URL PATH STORE KEY EXPECTED RATE CONCURRENCY CONNECTIONS WARMUP FIXED MAX OUT PIDS}:
 * over CONNECTIONS HTTP/2 connections, WARMUP seconds of untimed calls at max throughput, then FIXED
 * seconds at RATE calls per second as {@code hey -q} sends them (CONCURRENCY senders, see
 * {@link Run#phase}), then MAX seconds with CONCURRENCY calls in flight at all times. A call
 * succeeds when the HTTP status is 200, {@code grpc-status} is 0 and the answer holds a value of
 * EXPECTED bytes. Per phase, writes each successful call's time in ms to OUT.rate.ms / OUT.max.ms
 * and prints {@code <phase> <ok> <failed> <seconds> <CPU ticks of each PID (comma-separated
 * list, "-" for none) during the phase>}; exits 1 when a call failed.</li>
 * </ul>
 * The load loop's own JVM should run with {@code -XX:TieredStopAtLevel=1}: with C2 compiling on a
 * busy 2-core machine it sent a fifth of the calls per second for the first 15 s.
 *
 * <p>Usage: {@code java -cp 'sidecar-app/target/quarkus-app/lib/main/*' GrpcLoad.java MODE ...}
 */
public class GrpcLoad {

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("serve")) {
            serve(Integer.parseInt(args[1]), args[2]);
        } else if (args.length == 14 && args[0].equals("load")) {
            System.exit(load(args));
        } else {
            System.err.println("usage: serve PORT VALUE"
                    + " | load URL PATH STORE KEY EXPECTED RATE CONCURRENCY CONNECTIONS WARMUP FIXED MAX OUT PIDS");
            System.exit(2);
        }
    }

    /** A gRPC message: the uncompressed flag, the length (4 bytes, big-endian), the protobuf bytes. */
    static Buffer frame(Buffer message) {
        return Buffer.buffer(5 + message.length()).appendByte((byte) 0).appendInt(message.length()).appendBuffer(message);
    }

    /** A length-delimited protobuf field (strings, bytes): tag, varint length, bytes. */
    static Buffer field(int number, byte[] bytes) {
        Buffer b = Buffer.buffer().appendByte((byte) (number << 3 | 2));
        int n = bytes.length;
        while (n >= 0x80) {
            b.appendByte((byte) (n & 0x7f | 0x80));
            n >>>= 7;
        }
        return b.appendByte((byte) n).appendBytes(bytes);
    }

    static void serve(int port, String value) {
        // GetStateResponse: data = 1, etag = 2
        Buffer answer = frame(field(1, value.getBytes(StandardCharsets.UTF_8))
                .appendBuffer(field(2, "1".getBytes(StandardCharsets.UTF_8))));
        Vertx.vertx().createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(true))
                .requestHandler(req -> req.body().onSuccess(body -> {
                    req.response().putHeader("content-type", "application/grpc").putTrailer("grpc-status", "0")
                            .end(answer);
                }))
                .listen(port, "127.0.0.1")
                .onSuccess(s -> System.out.println("gRPC baseline on 127.0.0.1:" + port))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    static int load(String[] args) throws Exception {
        URI url = URI.create(args[1]);
        Buffer request = frame(field(1, args[3].getBytes(StandardCharsets.UTF_8))
                .appendBuffer(field(2, args[4].getBytes(StandardCharsets.UTF_8))));
        Run run = new Run(url, args[2], request, Integer.parseInt(args[5]), Integer.parseInt(args[6]),
                Integer.parseInt(args[7]), Integer.parseInt(args[8]));
        int warmup = Integer.parseInt(args[9]);
        int fixed = Integer.parseInt(args[10]);
        int max = Integer.parseInt(args[11]);
        Path out = Path.of(args[12]);
        long[] pids = args[13].equals("-") ? new long[0]
                : Arrays.stream(args[13].split(",")).mapToLong(Long::parseLong).toArray();
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(run).toCompletionStage().toCompletableFuture().get();
        boolean failed = false;
        run.phase(vertx, false, warmup).get();
        for (String phase : new String[] {"rate", "max"}) {
            long[] before = ticks(pids);
            Phase p = run.phase(vertx, phase.equals("rate"), phase.equals("rate") ? fixed : max).get();
            long[] after = ticks(pids);
            StringBuilder cpu = new StringBuilder();
            for (int i = 0; i < pids.length; i++) {
                cpu.append(i > 0 ? "," : "").append(after[i] - before[i]);
            }
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(out + "." + phase + ".ms")))) {
                for (int i = 0; i < p.count; i++) {
                    w.printf("%.3f%n", p.times[i] / 1e6);
                }
            }
            System.out.printf("%s %d %d %.3f %s%n", phase, p.count, p.failed, p.seconds,
                    cpu.length() == 0 ? "-" : cpu);
            if (p.failed > 0 || p.count == 0) {
                System.err.println(phase + ": " + p.failed + " calls failed; first: " + p.firstFailure);
                failed = true;
            }
        }
        vertx.close();
        return failed ? 1 : 0;
    }

    /** CPU ticks (user and system) of each process so far: fields 14 and 15 of /proc/<pid>/stat. */
    static long[] ticks(long[] pids) throws IOException {
        long[] t = new long[pids.length];
        for (int i = 0; i < pids.length; i++) {
            String stat = Files.readString(Path.of("/proc/" + pids[i] + "/stat"));
            // the command name before them is in parentheses and may hold spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            t[i] = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
        return t;
    }

    /** One phase's results: the times of the successful calls, in ns. */
    static final class Phase {
        long[] times = new long[1 << 16];
        int count;
        long failed;
        String firstFailure;
        double seconds;
        int inFlight;
        final CompletableFuture<Phase> done = new CompletableFuture<>();
    }

    /** The calls, on one event loop: the fields need no locking. */
    static final class Run extends AbstractVerticle {
        final URI url;
        final String path;
        final Buffer request;
        final int rate;
        final int concurrency;
        final int connections;
        final int expected;
        HttpClient client;

        Run(URI url, String path, Buffer request, int expected, int rate, int concurrency, int connections) {
            this.url = url;
            this.path = path;
            this.request = request;
            this.expected = expected;
            this.rate = rate;
            this.concurrency = concurrency;
            this.connections = connections;
        }

        @Override
        public void start() {
            client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                    .setHttp2ClearTextUpgrade(false).setHttp2MultiplexingLimit(1000),
                    new PoolOptions().setHttp2MaxSize(connections));
        }

        /**
         * Runs one phase on the event loop. At a fixed rate the calls come as from {@code hey -q}:
         * CONCURRENCY senders, started together, each sending one call every CONCURRENCY / RATE
         * seconds and skipping its turn while its last call is unanswered (so an overloaded target
         * is not buried under a backlog). At max throughput each sender calls again as soon as its
         * call ends. The phase ends when its time is up and its last call has ended.
         */
        CompletableFuture<Phase> phase(Vertx vertx, boolean fixedRate, int seconds) {
            Phase p = new Phase();
            context.runOnContext(v -> {
                long start = System.nanoTime();
                long end = start + seconds * 1_000_000_000L;
                if (fixedRate) {
                    long interval = Math.max(1, 1000L * concurrency / rate);
                    for (int i = 0; i < concurrency; i++) {
                        boolean[] busy = {false};
                        vertx.setPeriodic(1, interval, id -> {
                            if (System.nanoTime() >= end) {
                                vertx.cancelTimer(id);
                            } else if (!busy[0]) {
                                busy[0] = true;
                                call(p, end, false, () -> busy[0] = false);
                            }
                        });
                    }
                } else {
                    for (int i = 0; i < concurrency; i++) {
                        call(p, end, true, () -> {
                        });
                    }
                }
                vertx.setPeriodic(10, id -> {
                    if (System.nanoTime() >= end && p.inFlight == 0) {
                        vertx.cancelTimer(id);
                        p.seconds = (System.nanoTime() - start) / 1e9;
                        p.done.complete(p);
                    }
                });
            });
            return p.done;
        }

        void call(Phase p, long end, boolean again, Runnable ended) {
            long t0 = System.nanoTime();
            p.inFlight++;
            client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(url.getHost()).setPort(url.getPort())
                    .setURI(path).setIdleTimeout(30_000))
                    .compose(req -> req.putHeader("content-type", "application/grpc").putHeader("te", "trailers")
                            .send(request).compose(resp -> resp.body().map(body -> check(resp, body))))
                    .onComplete(ar -> {
                        long t1 = System.nanoTime();
                        p.inFlight--;
                        ended.run();
                        String error = ar.failed() ? ar.cause().toString() : ar.result();
                        if (error == null) {
                            if (p.count == p.times.length) {
                                p.times = Arrays.copyOf(p.times, p.count * 2);
                            }
                            p.times[p.count++] = t1 - t0;
                        } else {
                            p.failed++;
                            if (p.firstFailure == null) {
                                p.firstFailure = error;
                            }
                        }
                        // max throughput: the next call as soon as this one ends, until the phase ends
                        if (again && t1 < end) {
                            call(p, end, true, ended);
                        }
                    });
        }

        /** Null when the call succeeded, else what was wrong. */
        String check(HttpClientResponse resp, Buffer body) {
            if (resp.statusCode() != 200) {
                return "HTTP " + resp.statusCode();
            }
            // a trailers-only answer (an error without a message) carries the status in its headers
            String status = resp.trailers().get("grpc-status");
            if (status == null) {
                status = resp.getHeader("grpc-status");
            }
            if (!"0".equals(status)) {
                return "grpc-status " + status + " " + resp.trailers().get("grpc-message");
            }
            // the message: 5 bytes of framing, then GetStateResponse; field 1 (data) first
            if (body.length() < 5 + 1 + expected || body.getByte(5) != 0x0a) {
                return "an answer of " + body.length() + " bytes without the expected value";
            }
            return null;
        }
    }
}
