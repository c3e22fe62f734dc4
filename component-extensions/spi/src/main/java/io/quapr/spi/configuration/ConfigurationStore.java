package io.quapr.spi.configuration;

import io.quapr.spi.Component;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;

/**
 * A Dapr configuration store: keys to versioned values an app reads and watches (daprd's
 * {@code configuration.*} components).
 */
public interface ConfigurationStore extends Component {

    /**
     * Reads items.
     *
     * @param keys the keys to read; empty reads every item the store holds
     * @param metadata request metadata ({@code metadata.*} query parameters, gRPC metadata)
     * @return the items found, by key; a key the store does not hold is left out (no error)
     */
    Uni<Map<String, ConfigurationItem>> get(List<String> keys, Map<String, String> metadata);

    /**
     * Starts watching keys. Changes made after the returned {@code Uni} completed are reported to
     * the listener until {@link #unsubscribe} or {@link #close}.
     *
     * @param keys the keys to watch; empty watches every key
     * @param metadata request metadata (some stores read settings from it, such as PostgreSQL's
     *        {@code pgNotifyChannel})
     * @param listener where changes go
     * @return the new subscription's id, unique within the store
     */
    Uni<String> subscribe(List<String> keys, Map<String, String> metadata, ConfigurationListener listener);

    /**
     * Stops a subscription: its listener is not called after the returned {@code Uni} completed.
     *
     * @param subscriptionId an id {@link #subscribe} returned
     * @throws SubscriptionNotFoundException (as a failed {@code Uni}) for an id the store does not
     *         know
     */
    Uni<Void> unsubscribe(String subscriptionId);
}
