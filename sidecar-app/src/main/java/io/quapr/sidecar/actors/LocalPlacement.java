package io.quapr.sidecar.actors;

import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Placement on one sidecar: an actor of a type the app hosts lives here; any other type has no
 * host (daprd's answer when its placement tables know no host of the type).
 */
@ApplicationScoped
public class LocalPlacement implements ActorPlacement {

    @Inject
    ActorRuntime runtime;

    @Override
    public Uni<ActorHost> lookup(String type, String id) {
        if (runtime.hosts(type)) {
            return Uni.createFrom().item(ActorHost.LOCAL);
        }
        return Uni.createFrom().failure(new DaprException(ErrorCode.ACTOR_NO_ADDRESS,
                "did not find address for actor '" + type + "/" + id + "'"));
    }
}
