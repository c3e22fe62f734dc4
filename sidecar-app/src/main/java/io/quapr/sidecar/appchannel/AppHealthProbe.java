package io.quapr.sidecar.appchannel;

import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.StartupException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The app's health, probed as daprd probes it ({@code --enable-app-health-check}): one Vert.x
 * periodic timer, at most one probe under way, the first probe right at start-up.
 *
 * <p>
 * daprd's counting, kept as is: the app starts out unhealthy (the failure count starts at the
 * threshold); a successful probe while unhealthy sets the count to zero and the app is healthy;
 * a failed probe while healthy adds one, and reaching the threshold makes the app unhealthy. A
 * probe whose result matches the current status changes nothing, so a success while healthy does
 * not reset the count of earlier failures (daprd's {@code doProbe}). A gRPC probe that fails with
 * an error always counts, as in daprd. Without health checks the app is always healthy.
 *
 * <p>
 * While the app is unhealthy, callers that must not reach it (pub/sub delivery) wait on
 * {@link #whenHealthy()}; they go on when it turns healthy again. Service invocations of the app
 * are refused then, with daprd's error ({@link #UNHEALTHY}).
 */
@ApplicationScoped
public class AppHealthProbe {

    /** daprd's error for a call to an app its health checks find unhealthy. */
    public static final String UNHEALTHY = "app is not in a healthy state";

    private static final Logger LOG = Logger.getLogger(AppHealthProbe.class);

    @Inject
    Vertx vertx;

    @Inject
    SidecarConfig config;

    @Inject
    AppChannel http;

    @Inject
    AppCallbackChannel grpc;

    private final AtomicBoolean probing = new AtomicBoolean();
    private final List<UniEmitter<? super Void>> waiting = new ArrayList<>();
    private int failures;
    private boolean enabled;
    private boolean stopped;
    private long timer = -1;

    /** Starts probing, before subscriptions start (the {@code Subscriber} observes at 3000). */
    void onStart(@Observes @Priority(2900) StartupEvent event) {
        SidecarConfig.AppHealth h = config.appHealth();
        if (!h.enabled() || config.appPort().isEmpty()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        if (h.probeInterval().isZero() || h.probeInterval().isNegative()) {
            problems.add("--app-health-probe-interval: probe interval must be larger than 0");
        }
        if (h.probeTimeout().compareTo(h.probeInterval()) > 0) {
            problems.add(
                    "--app-health-probe-timeout: app health checks probe timeouts must be smaller than probe intervals");
        }
        if (h.threshold() < 1) {
            problems.add("--app-health-threshold: must be at least 1");
        }
        if (!problems.isEmpty()) {
            throw new StartupException(problems);
        }
        synchronized (this) {
            enabled = true;
            failures = h.threshold();
        }
        LOG.info("App health probes starting");
        timer = vertx.setPeriodic(h.probeInterval().toMillis(), id -> probe());
        probe();
    }

    void onStop(@Observes @Priority(900) ShutdownEvent event) {
        List<UniEmitter<? super Void>> release;
        synchronized (this) {
            stopped = true;
            release = new ArrayList<>(waiting);
            waiting.clear();
        }
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        IllegalStateException closing = new IllegalStateException(
                "the sidecar is shutting down: the message is left with the broker");
        release.forEach(e -> e.fail(closing));
    }

    /** Whether the app is healthy now (always, when health checks are off). */
    public synchronized boolean healthy() {
        return !enabled || failures < config.appHealth().threshold();
    }

    /**
     * Completes when the app is healthy: at once when it is, else when a probe finds it healthy
     * again; fails when the sidecar shuts down first.
     */
    public Uni<Void> whenHealthy() {
        return Uni.createFrom().emitter(emitter -> {
            boolean now;
            synchronized (this) {
                now = !enabled || failures < config.appHealth().threshold();
                if (!now && stopped) {
                    emitter.fail(new IllegalStateException(
                            "the sidecar is shutting down: the message is left with the broker"));
                    return;
                }
                if (!now) {
                    waiting.add(emitter);
                    emitter.onTermination(() -> {
                        synchronized (this) {
                            waiting.remove(emitter);
                        }
                    });
                }
            }
            if (now) {
                emitter.complete(null);
            }
        });
    }

    /** The configured health check, as the metadata API reports it; null when checks are off. */
    public SidecarConfig.AppHealth settings() {
        return config.appHealth().enabled() && config.appPort().isPresent() ? config.appHealth() : null;
    }

    private void probe() {
        if (stopped || !probing.compareAndSet(false, true)) {
            return;
        }
        SidecarConfig.AppHealth h = config.appHealth();
        Uni<Boolean> result = grpc.configured()
                ? grpc.healthCheck(h.probeTimeout()).replaceWith(true)
                : http.probe(h.path(), h.probeTimeout()).map(status -> status >= 200 && status < 300)
                        .onFailure().recoverWithItem(false);
        result.subscribe().with(ok -> {
            probing.set(false);
            record(ok, false, ok ? null : "probe failed");
        }, failure -> {
            probing.set(false);
            record(false, true, "Probe error: " + failure.getMessage());
        });
    }

    /** daprd's {@code doProbe} and {@code setResult}: see the class comment. */
    private void record(boolean ok, boolean error, String reason) {
        int threshold = config.appHealth().threshold();
        List<UniEmitter<? super Void>> release = List.of();
        synchronized (this) {
            boolean wasHealthy = failures < threshold;
            if (!error && ok == wasHealthy) {
                return;
            }
            if (ok) {
                failures = 0;
                LOG.info("App entered healthy status");
                release = new ArrayList<>(waiting);
                waiting.clear();
            } else {
                failures = failures == Integer.MAX_VALUE ? threshold + 1 : failures + 1;
                if (failures == threshold) {
                    LOG.warnf("App entered un-healthy status: %s; pub/sub delivery to it is paused", reason);
                }
            }
        }
        release.forEach(e -> e.complete(null));
    }
}
