package io.quapr.sidecar.bindings;

import io.quapr.sidecar.appchannel.AppHealthProbe;
import io.quapr.sidecar.resiliency.PolicyRunner;
import io.quapr.sidecar.telemetry.DaprMetrics;
import io.quapr.spi.bindings.InputEvent;
import io.quapr.spi.bindings.InputHandler;
import io.smallrye.mutiny.Uni;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * The handler the sidecar gives one input binding: each event goes to the app under the binding's
 * inbound policy, and the outcome goes back to the component (an item: acknowledge; a failure:
 * leave it for redelivery). Events are refused at once while the sidecar stops or the app is
 * unhealthy, so the source keeps them.
 */
final class BindingEventHandler implements InputHandler {

    private static final Logger LOG = Logger.getLogger(BindingEventHandler.class);

    private final String binding;
    private final String route;
    private final AppDelivery delivery;
    private final PolicyRunner policy;
    private final AppHealthProbe health;
    private final DaprMetrics metrics;
    private final BooleanSupplier stopped;

    BindingEventHandler(String binding, String route, AppDelivery delivery, PolicyRunner policy,
            AppHealthProbe health, DaprMetrics metrics, BooleanSupplier stopped) {
        this.binding = binding;
        this.route = route;
        this.delivery = delivery;
        this.policy = policy;
        this.health = health;
        this.metrics = metrics;
        this.stopped = stopped;
    }

    @Override
    public Uni<byte[]> handle(InputEvent event) {
        if (stopped.getAsBoolean()) {
            return Uni.createFrom().failure(new IllegalStateException("input binding is closed"));
        }
        if (!health.healthy()) {
            return Uni.createFrom().failure(new IllegalStateException(AppHealthProbe.UNHEALTHY));
        }
        long start = System.nanoTime();
        return policy.run(() -> delivery.deliver(binding, route, event)).onTermination()
                .invoke((item, failure, cancelled) -> {
                    boolean ok = failure == null && !cancelled;
                    metrics.inputBinding(binding, ok, (System.nanoTime() - start) / 1_000_000.0);
                    if (failure != null) {
                        LOG.debugf("error from app consumer for binding [%s]: %s", binding, failure.getMessage());
                    }
                });
    }
}
