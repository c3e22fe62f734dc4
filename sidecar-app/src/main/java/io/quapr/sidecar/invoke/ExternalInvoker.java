package io.quapr.sidecar.invoke;

import io.quapr.internal.v1.RequestHead;
import io.quapr.internal.v1.ResponseHead;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * Calls outside the mesh: an {@code HTTPEndpoint}'s {@code baseUrl}, or a URL given in place of
 * the app id ({@code /v1.0/invoke/http%3A%2F%2Fhost%3A8080/method/...}). Verb, method, query,
 * headers and body go as for an app, with the endpoint's headers added; the answer comes back
 * verbatim. One pooled Vert.x client for all endpoints.
 */
@ApplicationScoped
public class ExternalInvoker {

    @Inject
    Vertx vertx;

    private volatile HttpClient client;

    /** Calls {@code baseUrl/method?query} once. */
    public Future<InvokeReply> call(String baseUrl, List<Map.Entry<String, String>> extraHeaders, RequestHead head,
            ReadStream<Buffer> body, Cancellation cancel) {
        String url = HttpEndpoints.trimSlash(baseUrl) + "/" + MethodPath.encode(head.getMethod())
                + (head.getQuery().isEmpty() ? "" : "?" + head.getQuery());
        RequestOptions options;
        try {
            options = new RequestOptions().setMethod(HttpMethod.valueOf(head.getVerb())).setAbsoluteURI(url);
        } catch (RuntimeException e) {
            return Future.failedFuture(new IllegalArgumentException("invalid URL " + url));
        }
        return client().request(options).compose(req -> {
            cancel.onCancel(req::reset);
            Headers.copy(head.getHeadersList(), req.headers());
            extraHeaders.forEach(h -> req.headers().set(h.getKey(), h.getValue()));
            return AppInvoker.send(req, head, body);
        }).map(resp -> {
            resp.pause();
            return new InvokeReply(ResponseHead.newBuilder().setStatus(resp.statusCode())
                    .addAllHeaders(Headers.toProto(resp.headers())).build(), resp);
        });
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(64).setKeepAlive(true)
                            .setVerifyHost(true));
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
