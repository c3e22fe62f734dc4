package io.quapr.sidecar.appchannel;

import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.security.ApiToken;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;

/**
 * The sidecar's HTTP client to its own app ({@code --app-channel-address}:{@code --app-port}):
 * one Vert.x client for the process, non-blocking, created on first use. Delivery of subscribed
 * messages and the subscription discovery call go through here; later, service invocation and
 * app health checks too.
 */
@ApplicationScoped
public class AppChannel {

    @Inject
    Vertx vertx;

    @Inject
    SidecarConfig config;

    private volatile HttpClient client;

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
     */
    public Future<HttpClientRequest> open(HttpMethod method, String uri) {
        RequestOptions options = new RequestOptions().setMethod(method).setHost(config.appChannelAddress())
                .setPort(config.appPort().orElseThrow(() -> new IllegalStateException("app channel is not initialized")))
                .setURI(uri);
        return client().request(options);
    }

    private Uni<AppResponse> send(HttpMethod method, String path, byte[] body, Map<String, String> headers,
            Duration timeout) {
        return Uni.createFrom().deferred(() -> {
            RequestOptions options = new RequestOptions().setMethod(method).setHost(config.appChannelAddress())
                    .setPort(config.appPort().orElseThrow(() -> new IllegalStateException("no app port configured")))
                    .setURI(path.startsWith("/") ? path : "/" + path).setIdleTimeout(timeout.toMillis());
            headers.forEach(options::putHeader);
            // APP_API_TOKEN: the app can tell its sidecar's calls from others (replaces any sent along)
            config.appApiToken().ifPresent(t -> options.putHeader(ApiToken.HEADER, t));
            return Uni.createFrom().completionStage(() -> client().request(options)
                    .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
                    .compose(resp -> resp.body().map(b -> new AppResponse(resp.statusCode(), b.getBytes())))
                    .toCompletionStage());
        });
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(256).setKeepAlive(true));
                    client = c;
                }
            }
        }
        return c;
    }

    @PreDestroy
    void close() {
        HttpClient c = client;
        if (c != null) {
            c.close();
        }
    }
}
