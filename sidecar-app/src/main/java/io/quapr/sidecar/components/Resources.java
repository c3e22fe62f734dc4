package io.quapr.sidecar.components;

import java.util.List;

/**
 * Everything read from the resources paths.
 *
 * @param components the Component resources, in file order
 * @param others the other kinds (Subscription, Resiliency, Configuration, HTTPEndpoint)
 */
public record Resources(List<ComponentResource> components, List<OtherResource> others) {

    /** The other resources of one kind, e.g. {@code Subscription}. */
    public List<OtherResource> ofKind(String kind) {
        return others.stream().filter(r -> r.kind().equals(kind)).toList();
    }
}
