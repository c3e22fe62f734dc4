package io.quapr.sidecar.components;

import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.resiliency.PermanentFailure;
import io.quapr.sidecar.resiliency.PolicyRunner;
import io.quapr.sidecar.resiliency.Resiliency;
import io.quapr.sidecar.telemetry.Telemetry;
import io.quapr.spi.configuration.SubscriptionNotFoundException;
import io.quapr.spi.secrets.SecretNotFoundException;
import io.quapr.spi.state.BulkStateException;
import io.quapr.spi.state.ETagInvalidException;
import io.quapr.spi.state.ETagMismatchException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Supplier;

/**
 * The one way a block service calls a component. Every call passes here, so the resiliency
 * policies ({@code components.<name>.outbound}), spans and metrics are added in one place;
 * nothing calls a component around it. A component that throws instead of returning a failed
 * {@code Uni} is caught here too. Components never retry on their own: the policy's retry is
 * the only retry layer.
 */
@ApplicationScoped
public class ComponentCall {

    @Inject
    Resiliency resiliency;

    @Inject
    Telemetry telemetry;

    /**
     * Runs one component operation under the component's outbound policy.
     *
     * @param component the component called
     * @param operation the operation name ({@code get}, {@code set}, {@code multi}, ...)
     * @param call the call itself, invoked on subscription (once per attempt)
     */
    public <T> Uni<T> run(LiveComponent component, String operation, Supplier<Uni<T>> call) {
        if ("subscribe".equals(operation)) {
            // a subscription lives as long as the sidecar: daprd runs it outside the policies too
            return Uni.createFrom().<T>deferred(call::get);
        }
        // counted in flight from subscription to its end, so a hot reload closes the replaced
        // instance only after its calls (retries included) are over
        return Uni.createFrom().deferred(() -> {
            if (!component.inFlight().enter()) {
                return Uni.createFrom().failure(new IllegalStateException("component '" + component.name()
                        + "' was replaced or removed while the call started"));
            }
            // telemetry outside the policy: one span and one metric per call, retries included
            return telemetry.componentCall(component, operation, underPolicy(resiliency.outbound(component), call))
                    .onTermination().invoke(() -> component.inFlight().exit());
        });
    }

    /**
     * The call under the component's policy. Without one (the usual case) the call is made once,
     * as it is: the caller's-fault marking only tells a retry or a breaker what not to count.
     */
    private static <T> Uni<T> underPolicy(PolicyRunner policy, Supplier<Uni<T>> call) {
        if (policy.appliesNothing()) {
            return Uni.createFrom().<T>deferred(call::get);
        }
        return policy.run(() -> Uni.createFrom().<T>deferred(call::get).onFailure(ComponentCall::callersFault)
                .transform(PermanentFailure::new));
    }

    /**
     * Failures that retrying cannot fix and that say nothing about the backend's health: the
     * request itself is wrong (an ETag mismatch, a missing secret, an unknown
     * subscription, a bad argument).
     */
    private static boolean callersFault(Throwable e) {
        return e instanceof ETagMismatchException || e instanceof ETagInvalidException
                || e instanceof BulkStateException || e instanceof SecretNotFoundException
                || e instanceof IllegalArgumentException || e instanceof UnsupportedOperationException
                || e instanceof DaprException || e instanceof SubscriptionNotFoundException;
    }
}
