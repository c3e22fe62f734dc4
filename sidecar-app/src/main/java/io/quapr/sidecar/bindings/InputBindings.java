package io.quapr.sidecar.bindings;

import io.dapr.v1.DaprAppCallbackProtos.BindingEventResponse;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.appchannel.AppCallbackChannel;
import io.quapr.sidecar.appchannel.AppChannel;
import io.quapr.sidecar.appchannel.AppHealthProbe;
import io.quapr.sidecar.components.ComponentReloaded;
import io.quapr.sidecar.components.Components;
import io.quapr.sidecar.components.LiveComponent;
import io.quapr.sidecar.resiliency.Resiliency;
import io.quapr.sidecar.telemetry.DaprMetrics;
import io.quapr.spi.bindings.InputBinding;
import io.quapr.spi.bindings.InputReader;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Starts and stops the reading of this app's input bindings. After the components are loaded,
 * in the background so readiness never waits for the app, each input binding is checked the way
 * daprd checks it: one whose {@code direction} names {@code input} is read at once; otherwise the
 * app is asked whether it serves it ({@code OPTIONS /<route>}, or {@code ListInputBindings} for a
 * gRPC app), retried with backoff while the app cannot be reached. At shutdown reading stops
 * before the components close, and events still coming are refused so their sources keep them.
 */
@ApplicationScoped
public class InputBindings {

    private static final Logger LOG = Logger.getLogger(InputBindings.class);
    /** daprd's default wait for the app's answer to the subscription question. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final String ROUTE = "route";

    @Inject
    Components components;

    @Inject
    AppChannel app;

    @Inject
    AppCallbackChannel grpcApp;

    @Inject
    AppHealthProbe health;

    @Inject
    Resiliency resiliency;

    @Inject
    DaprMetrics metrics;

    @Inject
    SidecarConfig config;

    @Inject
    BindingService bindings;

    private final Map<String, InputReader> readers = new ConcurrentHashMap<>();
    private volatile AppDelivery delivery;
    private volatile boolean closing;

    /** Runs after {@code ComponentLoader} has loaded every component (priority 2000). */
    void onStart(@Observes @Priority(3000) StartupEvent event) {
        for (LiveComponent c : components.ofBlock("bindings")) {
            start(c.name(), FIRST_BACKOFF);
        }
    }

    /** Runs before the components close. */
    void onStop(@Observes @Priority(1000) ShutdownEvent event) {
        closing = true;
        List<Uni<Void>> stops = new ArrayList<>();
        readers.forEach((name, reader) -> stops.add(stopQuietly(name, reader)));
        readers.clear();
        if (!stops.isEmpty()) {
            Uni.join().all(stops).andCollectFailures().await()
                    .atMost(Duration.ofSeconds(Math.max(1, config.gracefulShutdownSeconds())));
        }
    }

    /** A binding replaced or taken out while the sidecar runs: its reader moves to the new instance. */
    void onReload(@Observes ComponentReloaded reloaded) {
        if (!reloaded.block().equals("bindings") || closing) {
            return;
        }
        InputReader old = readers.remove(reloaded.name());
        if (old != null) {
            stopQuietly(reloaded.name(), old).await()
                    .atMost(Duration.ofSeconds(Math.max(1, config.gracefulShutdownSeconds())));
        }
        start(reloaded.name(), FIRST_BACKOFF);
    }

    /** The names of the input bindings being read now (for the metadata API and tests). */
    public List<String> reading() {
        return List.copyOf(readers.keySet());
    }

    private void start(String name, Duration backoff) {
        LiveComponent live = components.get(name);
        if (closing || live == null || !BindingDirection.isInput(live)) {
            return;
        }
        if (!app.configured()) {
            LOG.warnf("input binding %s: app port not configured, so its events are not read (set --app-port)", name);
            return;
        }
        String route = live.metadata().get(ROUTE).orElse(name);
        AppDelivery d = delivery();
        Uni<Boolean> serves = BindingDirection.explicit(live, BindingDirection.INPUT)
                ? Uni.createFrom().item(true)
                : d.serves(name, route);
        serves.subscribe().with(yes -> {
            if (!yes) {
                LOG.infof("app has not subscribed to binding %s.", name);
                return;
            }
            read(live, route, d, backoff);
        }, failure -> retry(name, backoff, "waiting for the app to say whether it serves input binding %s (%s)",
                failure));
    }

    private void read(LiveComponent live, String route, AppDelivery d, Duration backoff) {
        String name = live.name();
        if (closing || components.get(name) != live) {
            return;
        }
        BindingEventHandler handler = new BindingEventHandler(name, route, d,
                resiliency.inbound(name, "bindings", null, null), health, metrics,
                () -> closing || components.get(name) != live);
        InputBinding binding = (InputBinding) live.instance();
        Uni.createFrom().deferred(() -> binding.read(handler)).subscribe().with(reader -> {
            if (closing || components.get(name) != live) {
                stopQuietly(name, reader).subscribe().with(v -> {
                });
                return;
            }
            readers.put(name, reader);
            LOG.infof("reading input binding %s (delivering to %s)", name, route);
        }, failure -> retry(name, backoff, "error reading from input binding %s: %s; will retry", failure));
    }

    private void retry(String name, Duration backoff, String message, Throwable failure) {
        LOG.infof(message, name, failure.getMessage());
        Duration max = Duration.ofSeconds(5);
        Duration next = backoff.multipliedBy(2).compareTo(max) > 0 ? max : backoff.multipliedBy(2);
        Uni.createFrom().voidItem().onItem().delayIt().by(backoff).subscribe().with(v -> start(name, next));
    }

    private AppDelivery delivery() {
        AppDelivery d = delivery;
        if (d == null) {
            Duration timeout = config.pubsub().deliveryTimeout();
            d = grpcApp.configured()
                    ? new GrpcAppDelivery(grpcApp, timeout, PROBE_TIMEOUT, this::forward)
                    : new HttpAppDelivery(app, timeout, PROBE_TIMEOUT);
            delivery = d;
        }
        return d;
    }

    /** A gRPC app's answer naming output bindings: its data goes to each, as daprd sends it. */
    private void forward(BindingEventResponse answer, byte[] data) {
        List<String> to = answer.getToList();
        boolean parallel = answer.getConcurrency() == BindingEventResponse.BindingEventConcurrency.PARALLEL;
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String target : to) {
            Uni<Void> send = Uni.createFrom().deferred(() -> bindings.invoke(target, "create", data, Map.of()))
                    .onFailure().invoke(e -> LOG.errorf("error executing app response: %s", e.getMessage()))
                    .onFailure().recoverWithNull().replaceWithVoid();
            if (parallel) {
                send.subscribe().with(v -> {
                });
            } else {
                chain = chain.chain(() -> send);
            }
        }
        chain.subscribe().with(v -> {
        });
    }

    private static Uni<Void> stopQuietly(String name, InputReader reader) {
        return Uni.createFrom().deferred(reader::stop).onFailure()
                .invoke(e -> LOG.warnf("stopping input binding %s failed: %s", name, e.getMessage()))
                .onFailure().recoverWithNull();
    }
}
