package io.quapr.sidecar.telemetry;

import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.StartupException;
import io.quapr.sidecar.api.http.server.GuardedHttpServer;
import io.quapr.sidecar.eventloop.ConnectionLimit;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Serves the Prometheus text at {@code GET /metrics} on {@code --metrics-port} (daprd's 9090),
 * on a server of its own as daprd does, so scraping never competes with the API's port. Not
 * started with {@code --enable-metrics=false} or {@code spec.metrics.enabled: false}.
 */
@ApplicationScoped
public class MetricsServer {

    private static final Logger LOG = Logger.getLogger(MetricsServer.class);

    @Inject
    SidecarConfig config;

    @Inject
    DaprMetrics metrics;

    @Inject
    Vertx vertx;

    /** A scraper's connection that carries nothing for this long is closed (as the API's). */
    private static final int IDLE_TIMEOUT_SECONDS = 60;

    private volatile HttpServer server;

    void start(@Observes @Priority(10) StartupEvent event) {
        if (!config.enableMetrics() || !metrics.enabled()) {
            LOG.info("metrics are off");
            return;
        }
        // the API's connection rules: idle and request head timeouts, strict parsing, a bound on connections
        HttpServerOptions options = new HttpServerOptions().setHost(config.metricsListenAddress())
                .setPort(config.metricsPort()).setIdleTimeout(IDLE_TIMEOUT_SECONDS).setHttp2ClearTextEnabled(false);
        ConnectionLimit limit = new ConnectionLimit(config.metricsMaxConnections());
        try {
            server = new GuardedHttpServer(vertx, options, limit, config.readHeaderTimeout().toMillis())
                    .requestHandler(req -> {
                        if (!req.path().equals("/metrics")) {
                            req.response().setStatusCode(404).end();
                            return;
                        }
                        req.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                                .end(metrics.scrape());
                    }).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new StartupException(List.of("--metrics-port " + config.metricsPort()
                    + ": cannot serve metrics there: " + (e.getCause() == null ? e : e.getCause()).getMessage()));
        }
        LOG.infof("metrics server started on %s:%d/metrics", config.metricsListenAddress(), server.actualPort());
    }

    void stop(@Observes ShutdownEvent event) {
        HttpServer s = server;
        if (s != null) {
            s.close();
        }
    }

    /** The port the metrics server listens on (the random one when configured as 0), or -1 when off. */
    public int port() {
        HttpServer s = server;
        return s == null ? -1 : s.actualPort();
    }
}
