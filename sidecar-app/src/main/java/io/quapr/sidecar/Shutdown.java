package io.quapr.sidecar;

import io.quarkus.runtime.Quarkus;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The shutdown API ({@code POST /v1.0/shutdown}, gRPC {@code Shutdown}): answers first, then
 * stops the process gracefully, so the caller always gets its reply.
 */
@ApplicationScoped
public class Shutdown {

    private static final Logger LOG = Logger.getLogger(Shutdown.class);

    @Inject
    Vertx vertx;

    /** Starts a graceful shutdown shortly after the current request has been answered. */
    public void request() {
        LOG.info("shutdown requested through the API");
        vertx.setTimer(100, id -> Quarkus.asyncExit(0));
    }
}
