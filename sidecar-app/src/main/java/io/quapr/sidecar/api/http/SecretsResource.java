package io.quapr.sidecar.api.http;

import io.quapr.sidecar.secrets.SecretsService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;

/** The secrets API over HTTP. */
@Path("/v1.0/secrets/{store}")
@Produces(MediaType.APPLICATION_JSON)
public class SecretsResource {

    @Inject
    SecretsService secrets;

    @GET
    @Path("bulk")
    public Uni<Map<String, Map<String, String>>> bulk(@PathParam("store") String store, @Context UriInfo uri) {
        return secrets.bulkGet(store, HttpRequests.metadata(uri.getQueryParameters()));
    }

    @GET
    @Path("{name}")
    public Uni<Map<String, String>> get(@Context HttpServerRequest request, @Context UriInfo uri) {
        // from the raw path: a JAX-RS path parameter stops at a ';'
        return secrets.get(RawPath.segment(request, 2), RawPath.segment(request, 3),
                HttpRequests.metadata(uri.getQueryParameters()));
    }
}
