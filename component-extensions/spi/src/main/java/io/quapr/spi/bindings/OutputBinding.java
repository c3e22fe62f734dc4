package io.quapr.spi.bindings;

import io.quapr.spi.Component;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * A Dapr output binding: the app asks the sidecar to run an operation ({@code create},
 * {@code get}, {@code exec}, ...) against an outside system.
 *
 * <p>
 * The sidecar checks the operation against {@link #operations()} before calling
 * {@link #invoke}, so a component never sees an operation it did not list. Retries are the
 * sidecar's (a Resiliency {@code outbound} policy): the component does not retry on its own.
 */
public interface OutputBinding extends Component {

    /**
     * The operations this binding supports, as Dapr names them ({@code create}, {@code get},
     * {@code delete}, {@code list}, or the component's own such as {@code exec}); constant for
     * the instance, and listed in daprd's "operation not supported" error in this order.
     */
    List<String> operations();

    /**
     * Runs one operation.
     *
     * @param request the operation, the data and the request metadata
     * @return the answer; {@code null} (an item of {@code null}) when the operation has none, which
     *         the HTTP API answers with 204. A failed {@code Uni} is daprd's
     *         {@code ERR_INVOKE_OUTPUT_BINDING}; an {@link IllegalArgumentException} says the
     *         request itself is wrong (a missing {@code fileName}) and is never retried
     */
    Uni<InvokeResponse> invoke(InvokeRequest request);
}
