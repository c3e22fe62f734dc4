package io.quapr.spi.nameresolution;

/**
 * What {@link NameResolver#resolve} is asked.
 *
 * @param appId the target's app id
 * @param namespace its namespace; empty outside Kubernetes
 * @param port the caller's own internal gRPC port ({@code --dapr-internal-grpc-port}), which
 *        address-computing resolvers use as the target's port, as daprd does
 */
public record ResolveRequest(String appId, String namespace, int port) {
}
