package io.quapr.sidecar.api.http;

import io.quapr.sidecar.Shutdown;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** {@code POST /v1.0/shutdown}: 204, then a graceful stop. */
@Path("/v1.0/shutdown")
public class ShutdownResource {

    @Inject
    Shutdown shutdown;

    @POST
    public Response shutdown() {
        shutdown.request();
        return Response.noContent().build();
    }
}
