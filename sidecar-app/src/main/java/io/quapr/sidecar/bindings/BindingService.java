package io.quapr.sidecar.bindings;

import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.components.ComponentCall;
import io.quapr.sidecar.components.Components;
import io.quapr.sidecar.components.LiveComponent;
import io.quapr.sidecar.telemetry.Telemetry;
import io.quapr.spi.bindings.InvokeRequest;
import io.quapr.spi.bindings.InvokeResponse;
import io.quapr.spi.bindings.OutputBinding;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The output bindings building block, shared by the HTTP and gRPC APIs. */
@ApplicationScoped
public class BindingService {

    @Inject
    Components components;

    @Inject
    ComponentCall call;

    @Inject
    Telemetry telemetry;

    /**
     * Runs one operation on an output binding, under its outbound Resiliency policy.
     *
     * @param name the binding's component name
     * @param operation the operation ({@code create}, {@code get}, ...)
     * @param data the data, as the transport hands it over
     * @param metadata the request metadata
     * @return the component's answer, or {@code null} when it has none; daprd's
     *         {@code ERR_INVOKE_OUTPUT_BINDING} for every failure, the missing binding, the
     *         missing or unsupported operation included
     */
    public Uni<InvokeResponse> invoke(String name, String operation, byte[] data, Map<String, String> metadata) {
        return Uni.createFrom().deferred(() -> {
            if (operation == null || operation.isEmpty()) {
                throw BindingErrors.invoke(name, "operation field is missing from request");
            }
            LiveComponent live = components.get(name);
            if (live == null || !BindingDirection.isOutput(live)) {
                throw BindingErrors.notFound(name);
            }
            OutputBinding binding = (OutputBinding) live.instance();
            List<String> ops = binding.operations();
            if (!ops.contains(operation)) {
                throw BindingErrors.invoke(name, "binding " + name + " does not support operation " + operation
                        + ". supported operations:" + String.join(" ", ops));
            }
            InvokeRequest request = new InvokeRequest(operation, data == null ? new byte[0] : data,
                    withTrace(metadata));
            return call.run(live, operation, () -> binding.invoke(request)).onFailure()
                    .transform(e -> e instanceof DaprException
                            ? e
                            : BindingErrors.invoke(name, String.valueOf(e.getMessage())).withCause(e));
        });
    }

    /** daprd passes the call's trace context on in the metadata (the HTTP binding forwards it). */
    private Map<String, String> withTrace(Map<String, String> metadata) {
        Map<String, String> trace = telemetry.outboundTraceHeaders();
        Map<String, String> md = new HashMap<>(metadata == null ? Map.of() : metadata);
        trace.forEach(md::putIfAbsent);
        return md;
    }
}
