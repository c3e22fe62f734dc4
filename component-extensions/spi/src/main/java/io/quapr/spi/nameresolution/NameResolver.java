package io.quapr.spi.nameresolution;

import io.quapr.spi.Component;
import io.smallrye.mutiny.Uni;

/**
 * Dapr's name resolution block: finds the sidecar of another app by its app id, so service
 * invocation knows where to open its sidecar-to-sidecar connection. Chosen by the
 * {@code Configuration} resource's {@code spec.nameResolution} ({@code component},
 * {@code version}, {@code configuration}); the component's type is
 * {@code nameresolution.<component>}. Its metadata is the {@code configuration} map.
 *
 * <p>
 * The sidecar caches answers and calls {@link #resolve} again after a call to a resolved
 * address failed, so a resolver need not cache itself.
 */
public interface NameResolver extends Component {

    /**
     * The address of a sidecar of the app.
     *
     * @param request the app id, its namespace, and the caller's own internal gRPC port (the port
     *        a resolver assumes when its registry does not say)
     * @return {@code host:port} of that sidecar's internal gRPC server; fails with
     *         {@link AppNotFoundException} when no sidecar of that app is known
     */
    Uni<String> resolve(ResolveRequest request);

    /**
     * Announces this sidecar so that others can resolve it (registries such as the SQLite
     * resolver); resolvers that compute addresses (Kubernetes DNS) do nothing. Called once after
     * {@link #init}; {@link #close} takes the registration back.
     *
     * @param self this sidecar's app id, namespace and internal gRPC address
     */
    default Uni<Void> register(Registration self) {
        return Uni.createFrom().voidItem();
    }
}
