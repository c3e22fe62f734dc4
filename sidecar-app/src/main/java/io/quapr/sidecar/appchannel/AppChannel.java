package io.quapr.sidecar.appchannel;

import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.eventloop.PerEventLoop;
import io.quapr.sidecar.security.ApiToken;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sidecar's HTTP client to its own app ({@code --app-channel-address}:{@code --app-port}):
 * non-blocking, a Vert.x client per event loop made on first use there (one for the process
 * when {@code --app-max-concurrency} bounds it). Delivery of subscribed
 * messages, the subscription discovery call and service invocation go through here.
 *
 * <p>
 * {@code --app-protocol https} speaks TLS to the app without checking its certificate (daprd
 * does not check it either: the app is on the sidecar's own host or pod); {@code h2c} speaks
 * HTTP/2 without TLS, with prior knowledge (no upgrade request), as daprd does.
 * {@code --app-max-concurrency} bounds the client's connection pool: with HTTP/1.1 one request
 * per connection, with HTTP/2 one connection and that many streams, so calls beyond the bound
 * wait in the pool's queue, in order, without a thread. Health probes go through a separate
 * small client, so a saturated app channel never makes a probe fail.
 */
@ApplicationScoped
public class AppChannel {

    @Inject
    Vertx vertx;

    @Inject
    SidecarConfig config;

    @Inject
    AppHealthProbe health;

    private volatile PerEventLoop<HttpClient> clients;
    private volatile HttpClient probeClient;

    /**
     * The app's answer.
     *
     * @param status the HTTP status
     * @param body the body; empty when there is none
     */
    public record AppResponse(int status, byte[] body) {
    }

    /** Whether an app port is configured: without one, nothing is sent to the app. */
    public boolean configured() {
        return config.appPort().isPresent();
    }

    /** {@code GET <app>/<path>}. */
    public Uni<AppResponse> get(String path, Duration timeout) {
        return send(HttpMethod.GET, path, null, Map.of(), timeout);
    }

    /** {@code OPTIONS <app>/<path>}: daprd's question whether the app serves an input binding. */
    public Uni<AppResponse> options(String path, Duration timeout) {
        return send(HttpMethod.OPTIONS, path, null, Map.of(), timeout);
    }

    /** {@code POST <app>/<path>} with the body and headers given. */
    public Uni<AppResponse> post(String path, byte[] body, Map<String, String> headers, Duration timeout) {
        return send(HttpMethod.POST, path, body, headers, timeout);
    }

    /**
     * A request to the app, not sent yet (service invocation): the caller sets the headers,
     * streams the body and may reset it when its own caller goes away.
     *
     * @param method the HTTP verb
     * @param uri the path (leading slash) and query string
     * @return the request; a failure ({@link AppHealthProbe#UNHEALTHY}) while the app is unhealthy
     */
    public Future<HttpClientRequest> open(HttpMethod method, String uri) {
        if (!health.healthy()) {
            // daprd refuses invocations of an app its health checks find unhealthy
            return Future.failedFuture(new IllegalStateException(AppHealthProbe.UNHEALTHY));
        }
        RequestOptions options = new RequestOptions().setMethod(method).setHost(config.appChannelAddress())
                .setPort(
                        config.appPort().orElseThrow(() -> new IllegalStateException("app channel is not initialized")))
                .setURI(uri);
        return client().request(options);
    }

    /**
     * One health probe, {@code GET <app>/<path>} outside the concurrency bound.
     *
     * @return the status code; a failure when the app cannot be reached or does not answer in time
     */
    public Uni<Integer> probe(String path, Duration timeout) {
        return onEventLoop(Uni.createFrom().deferred(() -> {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(config.appChannelAddress())
                    .setPort(config.appPort().orElseThrow(() -> new IllegalStateException("no app port configured")))
                    .setURI(path.startsWith("/") ? path : "/" + path).setIdleTimeout(timeout.toMillis())
                    .setConnectTimeout(timeout.toMillis());
            config.appApiToken().ifPresent(t -> options.putHeader(ApiToken.HEADER, t));
            return Uni.createFrom()
                    .completionStage(() -> probeClient().request(options).compose(HttpClientRequest::send)
                            .compose(resp -> resp.body().map(b -> resp.statusCode())).toCompletionStage());
        })).ifNoItem().after(timeout).fail();
    }

    private Uni<AppResponse> send(HttpMethod method, String path, byte[] body, Map<String, String> headers,
            Duration timeout) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        headers.forEach(h::add);
        return exchange(method, path, body, h, timeout).map(r -> new AppResponse(r.status(), r.body()));
    }

    /**
     * The app's answer with its headers.
     *
     * @param status the HTTP status
     * @param headers the response headers
     * @param body the body; empty when there is none
     */
    public record AppReply(int status, MultiMap headers, byte[] body) {
    }

    /**
     * {@code <method> <app>/<path>} with the body and headers given; the answer with its headers
     * (actor calls pass them back to their caller).
     */
    public Uni<AppReply> exchange(HttpMethod method, String path, byte[] body, MultiMap headers, Duration timeout) {
        return onEventLoop(Uni.createFrom().deferred(() -> {
            RequestOptions options = new RequestOptions().setMethod(method).setHost(config.appChannelAddress())
                    .setPort(config.appPort().orElseThrow(() -> new IllegalStateException("no app port configured")))
                    .setURI(path.startsWith("/") ? path : "/" + path).setIdleTimeout(timeout.toMillis());
            options.setHeaders(MultiMap.caseInsensitiveMultiMap().addAll(headers));
            // APP_API_TOKEN: the app can tell its sidecar's calls from others (replaces any sent along)
            config.appApiToken().ifPresent(t -> options.putHeader(ApiToken.HEADER, t));
            AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
            return Uni.createFrom().completionStage(() -> client().request(options).onSuccess(sent::set)
                    .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
                    .compose(resp -> resp.body().map(b -> new AppReply(resp.statusCode(), resp.headers(),
                            b.getBytes())))
                    .toCompletionStage())
                    // a caller that gives up (a resiliency timeout) abandons the request: the app
                    // sees its connection closed instead of working on for nobody
                    .onCancellation().invoke(() -> {
                        HttpClientRequest r = sent.get();
                        if (r != null) {
                            r.reset();
                        }
                    });
        }));
    }

    /**
     * Runs a request on a Vert.x event loop. A request made from another thread (the start-up
     * thread asking for the app's subscriptions) gets a context of its own, whose event loop need
     * not be the connection's: the response's handlers then run a tick late, and a small answer
     * can be over before its body is read (the sidecar saw an empty {@code /dapr/subscribe}, or
     * none at all). Calls already on an event loop stay where they are.
     */
    private <T> Uni<T> onEventLoop(Uni<T> call) {
        if (Vertx.currentContext() != null) {
            return call;
        }
        return call.runSubscriptionOn(task -> vertx.getOrCreateContext().runOnContext(v -> task.run()));
    }

    private HttpClient client() {
        PerEventLoop<HttpClient> c = clients;
        if (c == null) {
            synchronized (this) {
                c = clients;
                if (c == null) {
                    int max = config.appMaxConcurrency();
                    if (max > 0) {
                        // the pool is the one limiter: requests beyond it wait for a free
                        // connection or stream; one client, so the bound holds for the process
                        HttpClient bounded = vertx.createHttpClient(options(max).setHttp2MaxPoolSize(1)
                                .setHttp2MultiplexingLimit(max));
                        c = new PerEventLoop<>(() -> bounded);
                    } else {
                        // a client per event loop: each loop's calls go out on its own connections
                        c = new PerEventLoop<>(() -> vertx.createHttpClient(options(256)));
                    }
                    clients = c;
                }
            }
        }
        return c.get();
    }

    private HttpClient probeClient() {
        HttpClient c = probeClient;
        if (c == null) {
            synchronized (this) {
                c = probeClient;
                if (c == null) {
                    c = vertx.createHttpClient(options(2));
                    probeClient = c;
                }
            }
        }
        return c;
    }

    /** Client options for the app's protocol ({@code http}, {@code https} or {@code h2c}). */
    private HttpClientOptions options(int poolSize) {
        HttpClientOptions options = new HttpClientOptions().setMaxPoolSize(poolSize).setKeepAlive(true);
        switch (config.appProtocol().toLowerCase(Locale.ROOT)) {
            // daprd skips verification of the app's certificate: so do we
            case "https" -> options.setSsl(true).setTrustAll(true).setVerifyHost(false);
            case "h2c" -> options.setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false);
            default -> {
            }
        }
        return options;
    }

    @PreDestroy
    void close() {
        PerEventLoop<HttpClient> c = clients;
        if (c != null) {
            c.all().stream().distinct().forEach(HttpClient::close);
        }
        if (probeClient != null) {
            probeClient.close();
        }
    }
}
