import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The floor of {@code bench.sh}: the least a sidecar on the JVM does for the same requests, with
 * plain Vert.x and nothing else (no Quarkus, no router, no telemetry, no checks). Started with the
 * sidecar's JVM profile ({@code jvm.options}), so the difference between it and the sidecar is
 * what the sidecar's own code costs, and the difference between it and nginx what the JVM and
 * Vert.x cost on this machine.
 * <ul>
 * <li>{@code GET /v1.0/state/<store>/<key>}: the value from an in-memory map (200, {@code ETag}),
 * 204 when missing;</li>
 * <li>{@code POST|PUT /v1.0/publish/<pubsub>/<topic>}: reads the body whole, 204;</li>
 * <li>any verb on {@code /v1.0/invoke/<app>/method/<method>}: proxied, body streamed both ways over
 * keep-alive HTTP/1.1, to {@code 127.0.0.1:UPSTREAM}, at the same path ({@code sidecar}: the next
 * floor process, as sidecar A calls sidecar B) or at {@code /<method>} ({@code app}: the app, as
 * sidecar B calls it).</li>
 * </ul>
 * One server per event loop on one port, as the sidecar's API listener.
 *
 * <p>Usage: {@code java @jvm.options -cp 'sidecar-app/target/quarkus-app/lib/main/*' FloorSidecar PORT STORE/KEY VALUE [UPSTREAM app|sidecar]}
 */
public class FloorSidecar {

    private static final String STATE = "/v1.0/state/";
    private static final String PUBLISH = "/v1.0/publish/";
    private static final String INVOKE = "/v1.0/invoke/";
    private static final String METHOD = "/method/";
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "proxy-connection", "host");

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Map<String, Buffer> store = new ConcurrentHashMap<>();
        store.put(args[1], Buffer.buffer(args[2]));
        int upstream = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        boolean toApp = args.length > 4 && args[4].equals("app");
        Vertx vertx = Vertx.vertx();
        int loops = 2 * Runtime.getRuntime().availableProcessors(); // Vert.x's and Quarkus's default
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(io.vertx.core.Promise<Void> started) {
                HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(64));
                vertx.createHttpServer().requestHandler(req -> serve(req, store, client, upstream, toApp))
                        .listen(port, "127.0.0.1").<Void> mapEmpty().onComplete(started);
            }
        }, new DeploymentOptions().setInstances(loops))
                .onSuccess(id -> System.out.println("floor sidecar on 127.0.0.1:" + port + ", " + loops + " loops"))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    private static void serve(HttpServerRequest req, Map<String, Buffer> store, HttpClient client, int upstream,
            boolean toApp) {
        String path = req.path();
        HttpServerResponse resp = req.response();
        if (path.startsWith(STATE) && req.method() == HttpMethod.GET) {
            Buffer value = store.get(path.substring(STATE.length()));
            if (value == null) {
                resp.setStatusCode(204).end();
            } else {
                resp.putHeader("content-type", "application/json").putHeader("etag", "1").end(value);
            }
        } else if (path.startsWith(PUBLISH)) {
            req.body().onSuccess(body -> resp.setStatusCode(204).end());
        } else if (path.startsWith(INVOKE) && upstream > 0) {
            int method = path.indexOf(METHOD, INVOKE.length());
            String uri = toApp ? path.substring(method + METHOD.length() - 1) : req.uri();
            proxy(req, client, upstream, uri);
        } else {
            resp.setStatusCode(404).end();
        }
    }

    private static void proxy(HttpServerRequest req, HttpClient client, int upstream, String uri) {
        req.pause();
        HttpServerResponse resp = req.response();
        client.request(new RequestOptions().setMethod(req.method()).setHost("127.0.0.1").setPort(upstream).setURI(uri)
                .setHeaders(endToEnd(req.headers())))
                .compose(out -> {
                    if (!req.headers().contains("content-length")) {
                        out.setChunked(true);
                    }
                    return out.send(req);
                })
                .onSuccess(in -> {
                    resp.setStatusCode(in.statusCode());
                    resp.headers().addAll(endToEnd(in.headers()));
                    resp.send(in);
                })
                .onFailure(e -> resp.setStatusCode(502).end(e.toString()));
    }

    private static MultiMap endToEnd(MultiMap headers) {
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        headers.forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
                out.add(h.getKey(), h.getValue());
            }
        });
        return out;
    }
}
