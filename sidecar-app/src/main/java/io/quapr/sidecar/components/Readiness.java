package io.quapr.sidecar.components;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether the sidecar is ready: false until every component has been initialised, so health
 * checks never report a sidecar that would answer "store not found" as ready.
 */
@ApplicationScoped
public class Readiness {

    private volatile boolean componentsReady;

    /** Whether every component has finished initialising. */
    public boolean componentsReady() {
        return componentsReady;
    }

    void markComponentsReady() {
        componentsReady = true;
    }
}
