package io.quapr.sidecar.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.quapr.sidecar.configuration.ConfigurationJson;
import io.quapr.sidecar.configuration.ConfigurationService;
import io.quapr.sidecar.telemetry.ErrorCodeCounter;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;

/**
 * The Configuration API over HTTP, under {@code v1.0} and its older {@code v1.0-alpha1} name:
 * reads ({@code ?key=a&key=b}, none for every item), subscriptions whose changes daprd posts to
 * the app, and their end.
 */
// at "/" as every resource of the API: Quarkus REST picks the class by its path first
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ConfigurationResource {

    /** {@code v1.0} and daprd's older {@code v1.0-alpha1}, then the store. */
    private static final String PREFIX = "{version: v1\\.0|v1\\.0-alpha1}/configuration/{store}";

    @Inject
    ConfigurationService configuration;

    @Inject
    ObjectMapper json;

    @GET
    @Path(PREFIX)
    public Uni<Response> get(@PathParam("store") String store, @Context UriInfo uri) {
        return configuration.get(store, keys(uri), HttpRequests.metadata(uri.getQueryParameters()))
                .map(items -> items.isEmpty()
                        ? Response.noContent().build()
                        : Response.ok(ConfigurationJson.items(json, items)).build());
    }

    @GET
    @Path(PREFIX + "/subscribe")
    public Uni<Map<String, String>> subscribe(@PathParam("store") String store, @Context UriInfo uri) {
        return configuration.subscribeApp(store, keys(uri), HttpRequests.metadata(uri.getQueryParameters()))
                .map(id -> Map.of("id", id));
    }

    /**
     * Ends a subscription. daprd answers a failure here not with its error body but with the
     * unsubscribe answer itself, {@code ok} left out and the reason in {@code message}.
     */
    @GET
    @Path(PREFIX + "/{id}/unsubscribe")
    public Uni<Response> unsubscribe(@PathParam("store") String store, @PathParam("id") String id) {
        return configuration.unsubscribeApp(store, id)
                .map(v -> Response.ok(Map.of("ok", true)).build())
                .onFailure(e -> e instanceof DaprException d && d.code() == ErrorCode.CONFIGURATION_UNSUBSCRIBE)
                .recoverWithItem(e -> {
                    DaprException d = (DaprException) e;
                    ErrorCodeCounter.record(d.code().code(), d.code().category());
                    return Response.serverError().type(MediaType.APPLICATION_JSON_TYPE)
                            .entity(Map.of("message", d.getMessage())).build();
                });
    }

    private static List<String> keys(UriInfo uri) {
        List<String> keys = uri.getQueryParameters().get("key");
        return keys == null ? List.of() : List.copyOf(keys);
    }
}
