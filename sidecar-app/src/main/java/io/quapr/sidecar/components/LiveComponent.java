package io.quapr.sidecar.components;

import io.quapr.spi.Component;
import io.quapr.spi.ComponentMetadata;

/**
 * A component the sidecar loaded and initialised (one that failed is never one of these: see
 * {@link SkippedComponent}).
 *
 * @param resource the resource it came from
 * @param metadata the bound metadata
 * @param instance the initialised instance
 * @param inFlight the calls in flight on this instance, for closing it after a hot reload
 */
public record LiveComponent(ComponentResource resource, ComponentMetadata metadata, Component instance,
        InFlightCalls inFlight) {

    /** A newly started component, with no call in flight. */
    public LiveComponent(ComponentResource resource, ComponentMetadata metadata, Component instance) {
        this(resource, metadata, instance, new InFlightCalls());
    }

    /** The component's name. */
    public String name() {
        return resource.name();
    }
}
