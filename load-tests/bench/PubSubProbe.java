import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Both ends of the publish-to-delivery benchmark, on loopback, with Vert.x (the sidecar's HTTP
 * stack).
 *
 * <p>{@code subscribe PORT PUBSUB TOPIC}: an app answering {@code GET /dapr/subscribe} with one
 * subscription routed to {@code /events}; for each event delivered there it records now minus the
 * publish time {@code t} carried in the event data. Both processes read the same wall clock, so
 * the times are epoch microseconds ({@link Instant}), not {@code System.nanoTime}, which is only
 * comparable within one process. Events with {@code t = 0} (the fixed body of the publish-latency
 * run) are counted but not timed. {@code POST /reset} forgets the times; {@code GET /stats} answers
 * {@code <all events> <timed events> <p50 ms> <p90 ms> <p99 ms>}; {@code GET /timeline} every timed
 * event's publish time, arrival time and latency.
 *
 * <p>{@code publish URL RATE WARMUP SECONDS sidecar|direct}: POSTs about 1 KB of JSON {@code {"t":
 * <epoch micros>, "pad": ...}} to URL at a fixed rate over up to 10 connections, first for WARMUP
 * seconds with {@code t = 0} (so the subscriber does not time them, and this JVM is warm when the
 * timed messages start), then for SECONDS; prints {@code <sent> <ok> <failed> <timed ok>}. {@code sidecar} sends the data as the body of a Dapr publish; {@code
 * direct} wraps it in a CloudEvent itself, as the sidecar would, and posts it straight to the
 * subscriber's route.
 *
 * <p>Usage: {@code java -cp 'sidecar-app/target/quarkus-app/lib/main/*' PubSubProbe.java MODE ...}
 */
public class PubSubProbe {

    private static final String PAD = "x".repeat(1000);

    public static void main(String[] args) {
        if (args.length == 4 && args[0].equals("subscribe")) {
            subscribe(Integer.parseInt(args[1]), args[2], args[3]);
        } else if (args.length == 6 && args[0].equals("publish")) {
            publish(URI.create(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    args[5].equals("direct"));
        } else {
            System.err.println("usage: subscribe PORT PUBSUB TOPIC | publish URL RATE WARMUP SECONDS sidecar|direct");
            System.exit(2);
        }
    }

    static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    // --- subscriber: one event loop serves every request, so the plain fields need no locking

    private static long[] times = new long[1 << 16];
    private static long[] arrivals = new long[1 << 16];
    private static int timed;
    private static long all;

    static void subscribe(int port, String pubsub, String topic) {
        Buffer subscriptions = new JsonArray()
                .add(new JsonObject().put("pubsubname", pubsub).put("topic", topic).put("route", "/events"))
                .toBuffer();
        Buffer success = Buffer.buffer("{\"status\":\"SUCCESS\"}");
        Vertx.vertx().createHttpServer().requestHandler(req -> {
            switch (req.path()) {
                case "/dapr/subscribe" -> req.response().putHeader("Content-Type", "application/json").end(subscriptions);
                case "/events" -> req.body().onSuccess(body -> {
                    long t = new JsonObject(body).getJsonObject("data").getLong("t", 0L);
                    all++;
                    if (t > 0) {
                        if (timed == times.length) {
                            times = Arrays.copyOf(times, timed * 2);
                            arrivals = Arrays.copyOf(arrivals, timed * 2);
                        }
                        long now = nowMicros();
                        arrivals[timed] = now;
                        times[timed++] = now - t;
                    }
                    req.response().putHeader("Content-Type", "application/json").end(success);
                });
                case "/reset" -> {
                    timed = 0;
                    req.response().end();
                }
                case "/stats" -> req.response().end(stats());
                case "/timeline" -> req.response().end(timeline());
                default -> req.response().setStatusCode(404).end();
            }
        }).listen(port, "127.0.0.1")
                .onSuccess(s -> System.out.println("subscriber on 127.0.0.1:" + port + " for " + pubsub + "/" + topic))
                .onFailure(PubSubProbe::fail);
    }

    static String stats() {
        long[] sorted = Arrays.copyOf(times, timed);
        Arrays.sort(sorted);
        return all + " " + timed + " " + pct(sorted, 50) + " " + pct(sorted, 90) + " " + pct(sorted, 99) + "\n";
    }

    /**
     * The timed events in arrival order, one line each: {@code <publish time> <arrival time>
     * <latency>}, in milliseconds since the first publish: shows whether slow deliveries come
     * together (the pipeline stalled) or apart.
     */
    static String timeline() {
        StringBuilder out = new StringBuilder();
        long first = Long.MAX_VALUE;
        for (int i = 0; i < timed; i++) {
            first = Math.min(first, arrivals[i] - times[i]);
        }
        for (int i = 0; i < timed; i++) {
            out.append(String.format("%.3f %.3f %.3f%n", (arrivals[i] - times[i] - first) / 1000.0,
                    (arrivals[i] - first) / 1000.0, times[i] / 1000.0));
        }
        return out.toString();
    }

    // same rule as the scripts' pct(): the value at rank floor(n * p / 100), at least the first
    static String pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return "-";
        }
        int i = Math.max(1, sorted.length * p / 100);
        return String.format("%.3f", sorted[i - 1] / 1000.0);
    }

    // --- publisher

    static void publish(URI url, int rate, int warmup, int seconds, boolean direct) {
        Vertx vertx = Vertx.vertx();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(10));
        long untimed = (long) rate * warmup;
        long total = untimed + (long) rate * seconds;
        AtomicLong sent = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong timedOk = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        String contentType = direct ? "application/cloudevents+json" : "application/json";
        // open loop: every millisecond, send what the rate says should have gone by now
        vertx.setPeriodic(1, id -> {
            long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
            while (sent.get() < due) {
                boolean timed = sent.incrementAndGet() > untimed;
                JsonObject data = new JsonObject().put("t", timed ? nowMicros() : 0L).put("pad", PAD);
                Buffer body = direct ? envelope(data) : data.toBuffer();
                client.request(HttpMethod.POST, url.getPort(), url.getHost(), url.getRawPath())
                        .compose(req -> req.putHeader("Content-Type", contentType).send(body))
                        .compose(resp -> resp.body().map(b -> resp.statusCode()))
                        .onComplete(ar -> {
                            if (ar.succeeded() && ar.result() / 100 == 2) {
                                ok.incrementAndGet();
                                if (timed) {
                                    timedOk.incrementAndGet();
                                }
                            } else {
                                failed.incrementAndGet();
                            }
                            if (ok.get() + failed.get() == total) {
                                System.out.println(sent.get() + " " + ok.get() + " " + failed.get() + " " + timedOk.get());
                                System.exit(0);
                            }
                        });
            }
            if (due == total) {
                vertx.cancelTimer(id);
            }
        });
        // bounded: whatever has not answered 10 s after the last send counts as failed
        vertx.setTimer((warmup + seconds + 10) * 1000L, id -> {
            System.out.println(sent.get() + " " + ok.get() + " " + (total - ok.get()) + " " + timedOk.get());
            System.exit(0);
        });
    }

    // the CloudEvent the sidecar would build around the data, so the subscriber parses the same shape
    static Buffer envelope(JsonObject data) {
        return new JsonObject()
                .put("specversion", "1.0")
                .put("id", UUID.randomUUID().toString())
                .put("source", "bench")
                .put("type", "com.dapr.event.sent")
                .put("datacontenttype", "application/json")
                .put("pubsubname", "pubsub")
                .put("topic", "direct")
                .put("data", data)
                .toBuffer();
    }

    static void fail(Throwable e) {
        e.printStackTrace();
        System.exit(1);
    }
}
