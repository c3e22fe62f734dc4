package io.quapr.sidecar.appchannel;

import com.google.protobuf.Empty;
import io.dapr.v1.CommonProtos.InvokeRequest;
import io.dapr.v1.CommonProtos.InvokeResponse;
import io.dapr.v1.DaprAppCallbackProtos.BindingEventRequest;
import io.dapr.v1.DaprAppCallbackProtos.BindingEventResponse;
import io.dapr.v1.DaprAppCallbackProtos.JobEventRequest;
import io.dapr.v1.DaprAppCallbackProtos.JobEventResponse;
import io.dapr.v1.DaprAppCallbackProtos.ListInputBindingsResponse;
import io.dapr.v1.DaprAppCallbackProtos.ListTopicSubscriptionsResponse;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventBulkRequest;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventBulkResponse;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventRequest;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventResponse;
import io.dapr.v1.MutinyAppCallbackAlphaGrpc;
import io.dapr.v1.MutinyAppCallbackGrpc;
import io.dapr.v1.MutinyAppCallbackHealthCheckGrpc;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.security.ApiToken;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientChannel;
import io.vertx.grpc.client.GrpcClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sidecar's gRPC client to an app started with {@code --app-protocol grpc}: daprd's
 * {@code AppCallback} service over one Vert.x gRPC client on the sidecar's event loops, created
 * on first use. {@code grpcs} speaks TLS without checking the app's certificate, as daprd;
 * {@code --app-max-concurrency} bounds the client's HTTP/2 streams, so calls beyond it wait in
 * the pool's queue. Health checks use their own small client, outside that bound.
 */
@ApplicationScoped
public class AppCallbackChannel {

    @Inject
    Vertx vertx;

    @Inject
    SidecarConfig config;

    @Inject
    AppHealthProbe health;

    private volatile GrpcClient client;
    private volatile HttpClient rawClient;
    private volatile MutinyAppCallbackGrpc.MutinyAppCallbackStub stub;
    private volatile MutinyAppCallbackAlphaGrpc.MutinyAppCallbackAlphaStub alphaStub;
    private volatile GrpcClient probeClient;
    private volatile MutinyAppCallbackHealthCheckGrpc.MutinyAppCallbackHealthCheckStub probeStub;

    /** Whether the app speaks gRPC ({@code --app-protocol grpc}) and has a port. */
    public boolean configured() {
        return config.appPort().isPresent() && config.appProtocol().toLowerCase(Locale.ROOT).startsWith("grpc");
    }

    /** The app's programmatic subscriptions. */
    public Uni<ListTopicSubscriptionsResponse> listTopicSubscriptions(Duration timeout) {
        return Uni.createFrom().deferred(() -> stub().withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .listTopicSubscriptions(Empty.getDefaultInstance()));
    }

    /** The input bindings the app serves ({@code ListInputBindings}). */
    public Uni<ListInputBindingsResponse> listInputBindings(Duration timeout) {
        return Uni.createFrom().deferred(() -> stub().withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .listInputBindings(Empty.getDefaultInstance()));
    }

    /** One input binding event ({@code OnBindingEvent}); its metadata travels in the request. */
    public Uni<BindingEventResponse> onBindingEvent(BindingEventRequest request, Duration timeout) {
        return Uni.createFrom().deferred(() -> stub().withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .onBindingEvent(request));
    }

    /** One triggered job ({@code AppCallbackAlpha.OnJobEventAlpha1}). */
    public Uni<JobEventResponse> onJobEvent(JobEventRequest request, Duration timeout) {
        return Uni.createFrom().deferred(() -> alphaStub().withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .onJobEventAlpha1(request));
    }

    /** One event, with the message metadata as gRPC headers. */
    public Uni<TopicEventResponse> onTopicEvent(TopicEventRequest request, Map<String, String> headers,
            Duration timeout) {
        return Uni.createFrom().deferred(() -> stub().withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata(headers))).onTopicEvent(request));
    }

    /** A batch of events (bulk subscribe), with the batch metadata as gRPC headers. */
    public Uni<TopicEventBulkResponse> onBulkTopicEvent(TopicEventBulkRequest request, Map<String, String> headers,
            Duration timeout) {
        return Uni.createFrom().deferred(() -> stub().withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata(headers)))
                .onBulkTopicEvent(request));
    }

    /** One service invocation of a gRPC app ({@code OnInvoke}), with the caller's headers as metadata. */
    public Uni<InvokeResponse> onInvoke(InvokeRequest request, Map<String, String> headers, Duration timeout) {
        return Uni.createFrom().deferred(() -> {
            if (!health.healthy()) {
                // daprd refuses invocations of an app its health checks find unhealthy
                return Uni.createFrom().failure(Status.INTERNAL.withDescription(AppHealthProbe.UNHEALTHY)
                        .asRuntimeException());
            }
            MutinyAppCallbackGrpc.MutinyAppCallbackStub s = stub()
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata(headers)));
            return (timeout.isZero() ? s : s.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS))
                    .onInvoke(request);
        });
    }

    /**
     * One health probe: {@code AppCallbackHealthCheck.HealthCheck}; any answer means healthy, a
     * failure (an error status, no answer within the timeout) unhealthy.
     */
    public Uni<Void> healthCheck(Duration timeout) {
        return Uni.createFrom().deferred(() -> probeStub().withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .healthCheck(Empty.getDefaultInstance())).replaceWithVoid();
    }

    /**
     * Opens a proxied gRPC call to the app as a plain HTTP/2 request ({@code POST /<fullMethod>}),
     * so its frames, metadata and trailers pass through unchanged and its headers can leave before
     * any message (a call whose server speaks first). One HTTP/2 client of its own, created on
     * first use, bounded by {@code --app-max-concurrency} like the {@code AppCallback} client;
     * {@code APP_API_TOKEN} is set when configured. The caller adds the rest of the headers.
     *
     * @param fullMethod {@code package.Service/Method}
     */
    public Future<HttpClientRequest> rawRequest(String fullMethod) {
        HttpClient c = rawClient;
        if (c == null) {
            synchronized (this) {
                c = rawClient;
                if (c == null) {
                    c = vertx.createHttpClient(callOptions().setProtocolVersion(HttpVersion.HTTP_2));
                    rawClient = c;
                }
            }
        }
        return c.request(new RequestOptions().setMethod(HttpMethod.POST).setServer(address()).setURI("/" + fullMethod))
                .map(req -> {
                    config.appApiToken().ifPresent(token -> req.headers().set(ApiToken.HEADER, token));
                    return req;
                });
    }

    private MutinyAppCallbackHealthCheckGrpc.MutinyAppCallbackHealthCheckStub probeStub() {
        MutinyAppCallbackHealthCheckGrpc.MutinyAppCallbackHealthCheckStub s = probeStub;
        if (s == null) {
            synchronized (this) {
                s = probeStub;
                if (s == null) {
                    probeClient = GrpcClient.client(vertx, options());
                    s = withAppToken(MutinyAppCallbackHealthCheckGrpc.newMutinyStub(
                            new GrpcClientChannel(probeClient, address())));
                    probeStub = s;
                }
            }
        }
        return s;
    }

    private SocketAddress address() {
        return SocketAddress.inetSocketAddress(
                config.appPort().orElseThrow(() -> new IllegalStateException("no app port configured")),
                config.appChannelAddress());
    }

    /**
     * Options of the clients that carry the app's calls ({@code AppCallback} and proxied calls):
     * HTTP/2 with prior knowledge, and with {@code --app-max-concurrency} one connection and that
     * many streams, so calls beyond the bound wait in the pool's queue.
     */
    private HttpClientOptions callOptions() {
        HttpClientOptions options = options().setHttp2ClearTextUpgrade(false);
        if (config.appMaxConcurrency() > 0) {
            options.setHttp2MaxPoolSize(1).setHttp2MultiplexingLimit(config.appMaxConcurrency());
        }
        return options;
    }

    /** The stub with {@code APP_API_TOKEN} on every call, so the app can tell its sidecar's calls from others. */
    private <S extends AbstractStub<S>> S withAppToken(S stub) {
        String token = config.appApiToken().orElse(null);
        if (token == null) {
            return stub;
        }
        Metadata md = new Metadata();
        md.put(ApiToken.GRPC_KEY, token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
    }

    /** HTTP/2 client options for {@code grpc} or {@code grpcs}. */
    private HttpClientOptions options() {
        HttpClientOptions options = new HttpClientOptions();
        if (config.appProtocol().equalsIgnoreCase("grpcs")) {
            // daprd does not verify the app's certificate
            options.setSsl(true).setUseAlpn(true).setTrustAll(true).setVerifyHost(false);
        }
        return options;
    }

    private Metadata metadata(Map<String, String> headers) {
        Metadata md = new Metadata();
        headers.forEach((k, v) -> {
            String key = k.toLowerCase(Locale.ROOT);
            if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX) && !key.equals("content-type")
                    && !key.equals("content-length") && validKey(key) && validValue(v)) {
                md.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), v);
            }
        });
        if (config.appApiToken().isPresent()) {
            // the stub attaches APP_API_TOKEN to every call: it replaces any value sent along
            ApiToken.strip(md);
        }
        return md;
    }

    /** The alpha service's stub, on the same connection as {@link #stub()}. */
    private MutinyAppCallbackAlphaGrpc.MutinyAppCallbackAlphaStub alphaStub() {
        MutinyAppCallbackAlphaGrpc.MutinyAppCallbackAlphaStub s = alphaStub;
        if (s == null) {
            stub();
            synchronized (this) {
                s = alphaStub;
                if (s == null) {
                    s = withAppToken(MutinyAppCallbackAlphaGrpc.newMutinyStub(new GrpcClientChannel(client,
                            address())));
                    alphaStub = s;
                }
            }
        }
        return s;
    }

    private MutinyAppCallbackGrpc.MutinyAppCallbackStub stub() {
        MutinyAppCallbackGrpc.MutinyAppCallbackStub s = stub;
        if (s == null) {
            synchronized (this) {
                s = stub;
                if (s == null) {
                    // daprd's app channel takes messages up to --max-body-size (proxied calls carry any message)
                    client = GrpcClient.client(vertx, new GrpcClientOptions().setTransportOptions(callOptions())
                            .setMaxMessageSize(config.maxBodySize()));
                    s = withAppToken(MutinyAppCallbackGrpc.newMutinyStub(new GrpcClientChannel(client, address())));
                    stub = s;
                }
            }
        }
        return s;
    }

    private static boolean validKey(String key) {
        if (key.isEmpty() || key.startsWith(":")) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static boolean validValue(String v) {
        if (v == null) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    @PreDestroy
    void close() {
        for (GrpcClient c : new GrpcClient[] { client, probeClient }) {
            if (c != null) {
                c.close();
            }
        }
        HttpClient raw = rawClient;
        if (raw != null) {
            raw.close();
        }
    }
}
