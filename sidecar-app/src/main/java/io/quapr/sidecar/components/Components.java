package io.quapr.sidecar.components;

import io.quapr.spi.pubsub.PubSub;
import io.quapr.spi.secrets.SecretStore;
import io.quapr.spi.state.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The loaded components by name: what the block services look components up in. */
@ApplicationScoped
public class Components {

    private final Map<String, LiveComponent> byName = new ConcurrentHashMap<>();

    /** Adds a loaded component. */
    void put(LiveComponent component) {
        byName.put(component.name(), component);
    }

    /**
     * Puts a component in place of the one of its name, in one step: a lookup finds either the old
     * or the new one, never none (hot reload).
     *
     * @return the component it replaced, or null
     */
    LiveComponent replace(LiveComponent component) {
        return byName.put(component.name(), component);
    }

    /**
     * Takes a component out (hot reload of a deleted resource).
     *
     * @return the component taken out, or null
     */
    LiveComponent remove(String name) {
        return byName.remove(name);
    }

    /** The component with this name, or null. */
    public LiveComponent get(String name) {
        return byName.get(name);
    }

    /** Every loaded component, in no particular order. */
    public Collection<LiveComponent> all() {
        return byName.values();
    }

    /** The state store with this name, or null. */
    public LiveComponent stateStore(String name) {
        LiveComponent c = byName.get(name);
        return c != null && c.instance() instanceof StateStore ? c : null;
    }

    /** The secret store with this name, or null. */
    public LiveComponent secretStore(String name) {
        LiveComponent c = byName.get(name);
        return c != null && c.instance() instanceof SecretStore ? c : null;
    }

    /** The pub/sub component with this name, or null. */
    public LiveComponent pubSub(String name) {
        LiveComponent c = byName.get(name);
        return c != null && c.instance() instanceof PubSub ? c : null;
    }

    /** Every component whose type is of one block ({@code state}, {@code secretstores}). */
    public List<LiveComponent> ofBlock(String block) {
        List<LiveComponent> list = new ArrayList<>();
        for (LiveComponent c : byName.values()) {
            if (c.resource().block().equals(block)) {
                list.add(c);
            }
        }
        return list;
    }
}
