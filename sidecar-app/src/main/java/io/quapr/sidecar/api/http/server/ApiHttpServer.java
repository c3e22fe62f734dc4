package io.quapr.sidecar.api.http.server;

import static io.quarkus.vertx.http.HttpServer.HTTP_PORT;
import static io.quarkus.vertx.http.HttpServer.HTTP_TEST_PORT;
import static io.quarkus.vertx.http.HttpServer.LOCAL_BASE_URI;

import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.StartupException;
import io.quapr.sidecar.eventloop.ConnectionLimit;
import io.quapr.sidecar.eventloop.EventLoops;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.value.registry.ValueRegistry;
import io.quarkus.value.registry.ValueRegistry.RuntimeKey;
import io.quarkus.vertx.http.runtime.VertxHttpBuildTimeConfig;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.quarkus.vertx.http.runtime.options.HttpServerOptionsUtils;
import io.smallrye.config.SmallRyeConfig;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The HTTP API's listener (daprd's 3500). Quarkus's own listener is turned off
 * ({@code quarkus.http.host-enabled=false}): it gives no way to act on a connection before its first
 * request, and the API must ({@link GuardedHttpServer}). This one serves Quarkus's whole request
 * handling unchanged (its root handler: the router with every route, filter and the body handler),
 * on Quarkus's HTTP settings ({@code quarkus.http.*}: port and test port, host, idle timeout, limits),
 * with one server per event loop, and announces its port where Quarkus would (tests read it there).
 */
@ApplicationScoped
public class ApiHttpServer {

    private static final Logger LOG = Logger.getLogger(ApiHttpServer.class);

    private static final RuntimeKey<String> TEST_URL = RuntimeKey.key("test.url");

    @Inject
    Vertx vertx;

    @Inject
    SidecarConfig config;

    @Inject
    ValueRegistry values;

    private volatile List<HttpServer> servers = List.of();

    /**
     * After every other start-up observer, as Quarkus's own listener opened after them: when
     * {@code healthz} first answers, components, the internal server and name resolution are up
     * (a sidecar that says it is ready before other sidecars can find it would lie).
     */
    void onStart(@Observes @Priority(100_000) StartupEvent event) {
        SmallRyeConfig all = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        VertxHttpConfig http = all.getConfigMapping(VertxHttpConfig.class);
        HttpServerOptions options = new HttpServerOptions();
        HttpServerOptionsUtils.applyCommonOptions(options, all.getConfigMapping(VertxHttpBuildTimeConfig.class), http,
                List.of());
        // no WebSocket on the API (daprd's has none): Vert.x would otherwise put a compression
        // negotiation handler in every connection's pipeline, looking at every request and response
        options.setPerMessageWebSocketCompressionSupported(false);
        options.setPerFrameWebSocketCompressionSupported(false);
        LaunchMode mode = LaunchMode.current();
        options.setPort(http.determinePort(mode));
        int maxConnections = http.limits().maxConnections().orElse(0);
        long headTimeout = config.readHeaderTimeout().toMillis();
        ConnectionLimit limit = new ConnectionLimit(maxConnections);
        Handler<HttpServerRequest> root = VertxHttpRecorder.getRootHandler();
        try {
            servers = EventLoops.listenOnEach(vertx,
                    () -> new GuardedHttpServer(vertx, options, limit, headTimeout),
                    options.getPort(), root, connection -> {
                    }).toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StartupException(List.of("--dapr-http-port " + options.getPort() + ": cannot listen on "
                    + options.getHost() + ": " + cause.getMessage()));
        }
        int port = servers.get(0).actualPort();
        announce(mode, options.getHost(), port);
        LOG.debugf("HTTP API on %s:%d (%d connections at most, request heads within %d ms)", options.getHost(), port,
                maxConnections, headTimeout);
    }

    /**
     * Where Quarkus puts its listener's port: {@code quarkus.http.port} and, in tests, the test port and URL;
     * and the line Quarkus's own listener logs, which is how an integration test run against the packaged
     * sidecar (jar or native executable) learns a port picked at random.
     */
    private void announce(LaunchMode mode, String host, int port) {
        values.register(HTTP_PORT, port);
        URI base = URI.create("http://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + port);
        values.register(LOCAL_BASE_URI, base);
        LOG.infof("Listening on: %s (HTTP API)", base);
        if (mode.isDevOrTest()) {
            values.register(HTTP_TEST_PORT, port);
            values.register(TEST_URL, base.toString());
        }
    }

    /** The port the API listens on. */
    public int port() {
        return servers.get(0).actualPort();
    }

    void onStop(@Observes @Priority(500) ShutdownEvent event) {
        servers.forEach(HttpServer::close);
    }
}
