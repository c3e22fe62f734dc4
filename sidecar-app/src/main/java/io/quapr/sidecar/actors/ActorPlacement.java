package io.quapr.sidecar.actors;

import io.smallrye.mutiny.Uni;

/**
 * Where an actor lives. daprd asks its placement service; Quapr runs actors on one sidecar for
 * now ({@link LocalPlacement}), and a placement over several sidecars (a lease-guarded table in
 * the actor state store, or a hash ring over the app's sidecars) replaces this bean later without
 * touching the runtime.
 */
public interface ActorPlacement {

    /**
     * The host of the actor.
     *
     * @return the host; a failure ({@code ERR_ACTOR_NO_ADDRESS}) when no sidecar hosts the type
     */
    Uni<ActorHost> lookup(String type, String id);

    /**
     * A sidecar that hosts an actor.
     *
     * @param local whether it is this sidecar
     * @param address the other sidecar's internal address; empty when local
     */
    record ActorHost(boolean local, String address) {

        /** This sidecar. */
        public static final ActorHost LOCAL = new ActorHost(true, "");
    }
}
