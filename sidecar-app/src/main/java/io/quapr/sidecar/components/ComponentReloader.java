package io.quapr.sidecar.components;

import io.quapr.sidecar.SidecarConfig;
import io.quarkus.runtime.Quarkus;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Hot reload: brings the live components in line with a resource that was created, changed or
 * deleted while the sidecar runs. One change at a time, in arrival order, on one thread of its
 * own (a component's init may take its whole {@code initTimeout}).
 *
 * <ul>
 * <li>A changed component's new instance is started first, then put in the old one's place in one
 * step (a lookup finds one or the other, never none), then the old one is closed once its calls
 * in flight are over ({@code quapr.hot-reload.drain-timeout} at most).</li>
 * <li>A new instance that fails to start is handled as daprd handles it: with
 * {@code spec.ignoreErrors} the component is taken out (neither old nor new runs); without it the
 * sidecar logs the error and shuts down gracefully (exit code 1), as at start-up.</li>
 * <li>A resource equal to the running one (a label changed, a resync) changes nothing; one now
 * scoped away from this app counts as deleted.</li>
 * <li>The actor state store (where the workflows live) is never reloaded, as in daprd: a change
 * to it is logged and waits for a restart.</li>
 * </ul>
 */
@ApplicationScoped
public class ComponentReloader {

    private static final Logger LOG = Logger.getLogger(ComponentReloader.class);

    @Inject
    Components components;

    @Inject
    ComponentLoader loader;

    @Inject
    SidecarConfig config;

    @Inject
    Event<ComponentReloaded> reloaded;

    private ExecutorService serial;

    /**
     * Brings the component of this name in line with its resource, after the changes before it.
     *
     * @param name the resource's name
     * @param desired the resource as it is now, or null when it was deleted
     */
    public synchronized void reconcile(String name, ComponentResource desired) {
        if (serial == null) {
            serial = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "quapr-component-reload");
                t.setDaemon(true);
                return t;
            });
        }
        serial.execute(() -> {
            try {
                apply(name, desired);
            } catch (RuntimeException e) {
                LOG.errorf(e, "hot reload of component '%s' failed", name);
            }
        });
    }

    private void apply(String name, ComponentResource wanted) {
        String appId = config.appId().orElse("");
        ComponentResource desired = wanted != null && wanted.inScope(appId) ? wanted : null;
        LiveComponent live = components.get(name);
        ComponentResource current = live != null ? live.resource() : loader.skippedResource(name);
        if (Objects.equals(current, desired)) {
            return;
        }
        if (actorStateStore(live) || actorStateStore(desired)) {
            LOG.warnf("component '%s' is the actor state store: it is not hot-reloaded; restart the sidecar to apply"
                    + " the change", name);
            return;
        }
        if (desired == null) {
            loader.skippedNow(name, null);
            if (live != null) {
                components.remove(name);
                reloaded.fire(new ComponentReloaded(name, live.resource().block()));
                closeWhenDrained(live);
                LOG.infof("component deleted: %s (%s/%s)", name, live.resource().type(), live.resource().version());
            }
            return;
        }
        LiveComponent fresh;
        try {
            fresh = loader.start(desired).await().indefinitely();
        } catch (RuntimeException e) {
            failed(name, desired, live, ComponentLoader.describe(e));
            return;
        }
        loader.skippedNow(name, null);
        LiveComponent old = components.replace(fresh);
        reloaded.fire(new ComponentReloaded(name, desired.block()));
        if (old != null) {
            closeWhenDrained(old);
        }
        LOG.infof("component %s: %s (%s/%s)", old == null ? "loaded" : "updated", name, desired.type(),
                desired.version());
    }

    private void failed(String name, ComponentResource desired, LiveComponent live, String reason) {
        String message = desired.source() + ": Component '" + name + "' (" + desired.type() + "): " + reason;
        if (!desired.ignoreErrors()) {
            // daprd: a component that fails to (re)initialise without ignoreErrors stops the sidecar
            LOG.errorf("%s; shutting down (spec.ignoreErrors is not set)", message);
            Quarkus.asyncExit(1);
            return;
        }
        LOG.warnf("%s (ignoreErrors is set: carrying on without it)", message);
        loader.skippedNow(name, new SkippedComponent(desired, reason));
        if (live != null && components.remove(name) != null) {
            reloaded.fire(new ComponentReloaded(name, live.resource().block()));
            closeWhenDrained(live);
        }
    }

    /** Closes a component taken out of {@link Components} once its calls in flight are over. */
    private void closeWhenDrained(LiveComponent old) {
        Duration timeout = config.hotReload().drainTimeout();
        old.inFlight().retire().toCompletableFuture().completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenRun(() -> {
                    int left = old.inFlight().count();
                    if (left > 0) {
                        LOG.warnf(
                                "component '%s': closing the replaced instance with %d calls still in flight after %s",
                                old.name(), left, timeout);
                    }
                    old.instance().close().ifNoItem().after(timeout).failWith(TimeoutException::new).subscribe().with(
                            v -> LOG.debugf("component '%s': replaced instance closed", old.name()),
                            e -> LOG.warnf("component '%s': closing the replaced instance failed: %s", old.name(),
                                    e.getMessage()));
                });
    }

    private static boolean actorStateStore(LiveComponent live) {
        return live != null && live.metadata().bool("actorStateStore", false);
    }

    private static boolean actorStateStore(ComponentResource r) {
        return r != null && r.metadata().stream().anyMatch(
                m -> m.name().equalsIgnoreCase("actorStateStore") && "true".equalsIgnoreCase(m.value()));
    }

    @PreDestroy
    synchronized void stop() {
        if (serial != null) {
            serial.shutdownNow();
        }
    }
}
