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
 */
public record LiveComponent(ComponentResource resource, ComponentMetadata metadata, Component instance) {

    /** The component's name. */
    public String name() {
        return resource.name();
    }
}
