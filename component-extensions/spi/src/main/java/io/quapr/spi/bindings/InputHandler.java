package io.quapr.spi.bindings;

import io.smallrye.mutiny.Uni;

/**
 * The sidecar's side of an input binding: called once per event, it delivers the event to the
 * app. See {@link InputBinding} for what the outcome means to the component.
 */
@FunctionalInterface
public interface InputHandler {

    /**
     * Delivers one event to the app.
     *
     * @param event the event
     * @return the app's answer body (empty when it sent none) once the app accepted the event; a
     *         failure when it did not
     */
    Uni<byte[]> handle(InputEvent event);
}
