package io.quapr.sidecar.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quapr.sidecar.components.LiveComponent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.function.Function;

/**
 * What the rest of the sidecar calls to be observed: one method per kind of work (a component
 * call, a publish, a delivery to the app, a resiliency policy acting, an error answered). Each
 * records daprd's metric and, when tracing is on, makes daprd's span. With metrics and tracing
 * both off, the work is returned as it is.
 */
@ApplicationScoped
public class Telemetry {

    @Inject
    DaprMetrics metrics;

    @Inject
    Tracing tracing;

    /**
     * A telemetry that records nothing, for one class exercised outside the application (its
     * metrics and tracing are the disabled defaults).
     *
     * @return a new, inert telemetry
     */
    public static Telemetry off() {
        Telemetry off = new Telemetry();
        off.metrics = new DaprMetrics();
        off.tracing = new Tracing();
        return off;
    }

    /**
     * Observes one component operation: {@code dapr_component_<block>_count}/{@code _latencies}
     * and a client span {@code <type>/<operation>} (attributes {@code db.system} = the component
     * type, {@code db.name} = its name) under the API call's span.
     *
     * @param component the component called
     * @param operation the operation name ({@code get}, {@code set}, ...)
     * @param call the call, not yet subscribed
     */
    public <T> Uni<T> componentCall(LiveComponent component, String operation, Uni<T> call) {
        boolean trace = tracing.enabled();
        if (!metrics.enabled() && !trace) {
            return call;
        }
        String block = component.resource().block();
        String name = component.name();
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            Span span = null;
            if (trace) {
                span = tracing.startChild(component.resource().type() + "/" + operation, SpanKind.CLIENT);
                span.setAttribute("db.system", component.resource().type());
                span.setAttribute("db.name", name);
                span.setAttribute("dapr.component.operation", operation);
            }
            Span s = span;
            return call.onTermination().invoke((item, failure, cancelled) -> {
                metrics.component(block, name, operation, failure == null && !cancelled, elapsedMs(start));
                if (s != null) {
                    Tracing.end(s, failure);
                }
            });
        });
    }

    /**
     * Observes one publish to a broker ({@code dapr_component_pubsub_egress_count}/{@code _latencies}).
     *
     * @param pubsub the component name
     * @param topic the topic
     * @param publish the publish call, not yet subscribed
     */
    public <T> Uni<T> publish(String pubsub, String topic, Uni<T> publish) {
        if (!metrics.enabled()) {
            return publish;
        }
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return publish.onTermination().invoke(
                    (item, failure, cancelled) -> metrics.pubsubEgress(pubsub, topic, failure == null && !cancelled,
                            elapsedMs(start)));
        });
    }

    /**
     * Observes one delivery of a message to the app: a client span {@code pubsub/<topic>} whose
     * parent is the trace context the event carries (so the subscriber's work joins the
     * publisher's trace), and {@code dapr_component_pubsub_ingress_count}/{@code _latencies} by
     * outcome. The span's trace headers are handed to {@code deliver} rather than read from the
     * current context: deliveries run on the broker client's threads, where a root Vert.x
     * context cannot hold an OpenTelemetry context (Quarkus keeps it only on duplicated ones).
     *
     * @param pubsub the component name
     * @param topic the topic
     * @param eventField reads the event's {@code traceparent}/{@code tracestate}
     * @param deliver the delivery, given the delivery span's {@code traceparent}/{@code tracestate}
     *        (empty without tracing); its item is the outcome's name ({@code SUCCESS}, {@code RETRY},
     *        {@code DROP})
     * @param outcome reads the outcome's name from the item
     */
    public <T> Uni<T> delivery(String pubsub, String topic, Function<String, String> eventField,
            Function<Map<String, String>, Uni<T>> deliver, Function<T, String> outcome) {
        boolean trace = tracing.enabled();
        if (!metrics.enabled() && !trace) {
            return Uni.createFrom().deferred(() -> deliver.apply(Map.of()));
        }
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            Span span = null;
            Uni<T> uni;
            if (trace) {
                span = tracing.startFrom("pubsub/" + topic, SpanKind.CLIENT, k -> {
                    String v = eventField.apply(k);
                    // daprd's events carry the context as traceid too
                    return v == null && k.equals("traceparent") ? eventField.apply("traceid") : v;
                });
                span.setAttribute("messaging.system", "pubsub");
                span.setAttribute("messaging.destination.name", topic);
                try (Scope ignored = Context.current().with(span).makeCurrent()) {
                    uni = deliver.apply(Tracing.headers(span.getSpanContext()));
                }
            } else {
                uni = deliver.apply(Map.of());
            }
            Span s = span;
            return uni.onTermination().invoke((item, failure, cancelled) -> {
                String status = failure != null || item == null ? "retry" : DaprMetrics.lower(outcome.apply(item));
                metrics.pubsubIngress(pubsub, topic, status, "", elapsedMs(start));
                if (s != null) {
                    Tracing.end(s, failure);
                }
            });
        });
    }

    /**
     * For the resiliency wrapper: a policy was applied to a call ({@code dapr_resiliency_count}).
     *
     * @param resiliencyName the Resiliency resource's name
     * @param policy {@code timeout}, {@code retry} or {@code circuitbreaker}
     * @param flowDirection {@code inbound} or {@code outbound}
     * @param target {@link #resiliencyAppTarget} or {@link #resiliencyComponentTarget}
     * @param status the circuit breaker state ({@code closed}, {@code open}, {@code half-open}), else empty
     */
    public void resiliencyExecuted(String resiliencyName, String policy, String flowDirection, String target,
            String status) {
        metrics.resiliencyExecuted(resiliencyName, policy, flowDirection, target, status);
    }

    /**
     * For the resiliency wrapper: a policy acted after a failure (a retry, a timeout firing, a
     * breaker changing state) ({@code dapr_resiliency_activations_total}). Arguments as in
     * {@link #resiliencyExecuted}.
     */
    public void resiliencyActivated(String resiliencyName, String policy, String flowDirection, String target,
            String status) {
        metrics.resiliencyActivated(resiliencyName, policy, flowDirection, target, status);
    }

    /**
     * For the resiliency wrapper: a circuit breaker is in a new state ({@code dapr_resiliency_cb_state}).
     * Arguments as in {@link #resiliencyExecuted}.
     */
    public void resiliencyBreakerState(String resiliencyName, String flowDirection, String target, String state) {
        metrics.resiliencyBreakerState(resiliencyName, flowDirection, target, state);
    }

    /** daprd's target label for an app ({@code app_<appId>}). */
    public static String resiliencyAppTarget(String appId) {
        return "app_" + appId;
    }

    /** daprd's target label for an actor type ({@code actor_<type>}). */
    public static String resiliencyActorTarget(String actorType) {
        return "actor_" + actorType;
    }

    /** daprd's target label for a component ({@code <Type>_<name>}, e.g. {@code Statestore_orders}). */
    public static String resiliencyComponentTarget(String name, String componentKind) {
        return componentKind + "_" + name;
    }

    /** Counts an error answered to a caller, when {@code spec.metrics.recordErrorCodes} is on. */
    public void errorCode(String code, String category) {
        metrics.errorCode(code, category);
    }

    /**
     * Starts the callee side of a sidecar-to-sidecar call, as daprd's server span for
     * {@code ServiceInvocation/CallLocal}: named {@code CallLocal/<appId>/<method>}, a child of the
     * trace context the caller sidecar sent (its own {@code CallLocal} span).
     *
     * @param appId this sidecar's app id (the callee)
     * @param method the method called
     * @param header reads one of the request's headers ({@code traceparent}, {@code tracestate})
     * @return the span; {@link CalleeSpan#NONE} without tracing
     */
    public CalleeSpan calleeCall(String appId, String method, Function<String, String> header) {
        if (!tracing.enabled()) {
            return CalleeSpan.NONE;
        }
        Span span = tracing.startFrom("CallLocal/" + appId + "/" + method, SpanKind.SERVER, header);
        span.setAttribute("rpc.system", "grpc");
        span.setAttribute("rpc.service", "ServiceInvocation");
        span.setAttribute("rpc.method", "CallLocal");
        span.setAttribute("dapr.api", "/dapr.proto.internals.v1.ServiceInvocation/CallLocal");
        return new CalleeSpan(span);
    }

    /**
     * The current span's {@code traceparent}/{@code tracestate} headers, for service invocation and
     * app-channel requests (empty without a current span).
     */
    public Map<String, String> outboundTraceHeaders() {
        return tracing.enabled() ? Tracing.currentHeaders() : Map.of();
    }

    static double elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }
}
