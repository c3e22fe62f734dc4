package io.quapr.sidecar.components;

import io.quapr.spi.Component;
import io.quapr.spi.ComponentMetadata;

/**
 * A component the sidecar loaded: its resource, its bound metadata and the instance, or the
 * error that stopped it (for {@code ignoreErrors} components).
 *
 * @param resource the resource it came from
 * @param metadata the bound metadata, or null when binding failed
 * @param instance the initialised instance, or null when it failed
 * @param error why it failed, or null
 */
public record LiveComponent(ComponentResource resource, ComponentMetadata metadata, Component instance, String error) {

    /** The component's name. */
    public String name() {
        return resource.name();
    }

    /** Whether it initialised and can serve calls. */
    public boolean ready() {
        return instance != null && error == null;
    }
}
