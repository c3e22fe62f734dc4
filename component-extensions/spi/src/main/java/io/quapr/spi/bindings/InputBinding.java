package io.quapr.spi.bindings;

import io.quapr.spi.Component;
import io.smallrye.mutiny.Uni;

/**
 * A Dapr input binding: an outside source (a queue, a schedule, a topic) whose events the
 * sidecar delivers to the app.
 *
 * <p>
 * The sidecar calls {@link #read} once, when it knows the app wants the events. The component
 * hands each event to the {@link InputHandler} and acts on the outcome: an item means the app
 * took it and the event is acknowledged to the source; a failure means the app refused it or
 * could not be reached, and the event is left for the source to redeliver by its own rules (a
 * queue's visibility timeout, an unacknowledged message). A source that cannot redeliver (a
 * schedule) drops it. The component never retries a delivery on its own: the sidecar already
 * applied its inbound Resiliency policy.
 */
public interface InputBinding extends Component {

    /**
     * Starts reading events and handing them to the handler; may hand over several at once.
     *
     * @param handler the sidecar's side: one call per event
     * @return the running reader, to stop at shutdown or on reload; a failure when reading cannot
     *         start (the source is unreachable)
     */
    Uni<InputReader> read(InputHandler handler);
}
