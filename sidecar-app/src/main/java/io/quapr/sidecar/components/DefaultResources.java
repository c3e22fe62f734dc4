package io.quapr.sidecar.components;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The embedded default: what a sidecar started with no resources path and no
 * {@code ~/.quapr/components} folder loads, so a new user has a durable state store with no
 * server to install.
 */
final class DefaultResources {

    private DefaultResources() {
    }

    /**
     * A {@code state.sqlite} store named {@code statestore}, the actor store, in the data folder,
     * and a {@code pubsub.in-memory} broker named {@code pubsub}, as {@code dapr init} gives
     * (with Redis for both).
     */
    static Resources embedded(Path dataDir) {
        ComponentResource state = new ComponentResource("built-in default", "statestore", "state.sqlite", "v1",
                List.of(new ComponentResource.MetadataItem("connectionString",
                        dataDir.resolve("state.db").toAbsolutePath().toString(), null, null),
                        new ComponentResource.MetadataItem("actorStateStore", "true", null, null),
                        // expired rows would otherwise stay in the file forever (the store's default is off)
                        new ComponentResource.MetadataItem("cleanupInterval", "1h", null, null)),
                null, List.of(), Duration.ofSeconds(5), false);
        ComponentResource pubsub = new ComponentResource("built-in default", "pubsub", "pubsub.in-memory", "v1",
                List.of(), null, List.of(), Duration.ofSeconds(5), false);
        return new Resources(List.of(state, pubsub), List.of());
    }
}
