package io.quapr.sidecar.components;

import io.quapr.sidecar.telemetry.Telemetry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Supplier;

/**
 * The one way a block service calls a component. Every call passes here, so the resiliency
 * policies, spans and metrics of later issues are added in one place; nothing calls a component
 * around it. A component that throws instead of returning a failed {@code Uni} is caught here too.
 */
@ApplicationScoped
public class ComponentCall {

    @Inject
    Telemetry telemetry;

    /**
     * Runs one component operation.
     *
     * @param component the component called
     * @param operation the operation name ({@code get}, {@code set}, {@code multi}, ...)
     * @param call the call itself, invoked on subscription
     */
    public <T> Uni<T> run(LiveComponent component, String operation, Supplier<Uni<T>> call) {
        return telemetry.componentCall(component, operation, Uni.createFrom().<T>deferred(call::get));
    }
}
