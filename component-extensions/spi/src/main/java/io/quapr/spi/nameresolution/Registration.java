package io.quapr.spi.nameresolution;

/**
 * A sidecar as it announces itself to a registry ({@link NameResolver#register}).
 *
 * @param appId its app id
 * @param namespace its namespace; empty outside Kubernetes
 * @param host the host other sidecars reach it on
 * @param port its internal gRPC port
 */
public record Registration(String appId, String namespace, String host, int port) {

    /** {@code host:port}, with brackets around an IPv6 host. */
    public String address() {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }
}
