package io.quapr.sidecar.api.http;

import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.quapr.sidecar.components.Readiness;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * daprd's health endpoints: 204 once every component is initialised, daprd's error before.
 * Honest by construction: a sidecar still initialising a component is not ready.
 */
@Path("/v1.0/healthz")
public class HealthzResource {

    @Inject
    Readiness readiness;

    @GET
    public Response healthz() {
        if (!readiness.componentsReady()) {
            throw new DaprException(ErrorCode.HEALTH_NOT_READY, "dapr is not ready: [components]");
        }
        return Response.noContent().build();
    }

    @GET
    @Path("outbound")
    public Response outbound() {
        if (!readiness.componentsReady()) {
            throw new DaprException(ErrorCode.OUTBOUND_HEALTH_NOT_READY, "dapr outbound is not ready");
        }
        return Response.noContent().build();
    }
}
