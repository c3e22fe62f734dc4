package io.quapr.sidecar.bindings;

import io.quapr.spi.bindings.InputEvent;
import io.smallrye.mutiny.Uni;

/** How an input binding event reaches the app: over HTTP or over gRPC. */
interface AppDelivery {

    /**
     * Sends one event to the app once (the caller applies the retry policy).
     *
     * @param binding the binding's name
     * @param route where an HTTP app takes it: the component's {@code route}, else its name
     * @param event the event
     * @return the app's answer body; a failure when the app did not accept the event (a
     *         {@code StatusCodeException} when it answered with a status, for the policy's
     *         {@code matching})
     */
    Uni<byte[]> deliver(String binding, String route, InputEvent event);

    /**
     * Whether the app serves the binding (HTTP: {@code OPTIONS /<route>} answers 2xx or 405; gRPC:
     * {@code ListInputBindings} lists it).
     *
     * @return the answer; a failure when the app cannot be reached yet
     */
    Uni<Boolean> serves(String binding, String route);
}
