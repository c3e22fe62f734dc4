package io.quapr.sidecar.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.sidecar.bindings.BindingService;
import io.quapr.spi.bindings.InvokeResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The output bindings API over HTTP: {@code POST|PUT /v1.0/bindings/{name}} with
 * {@code {"data", "metadata", "operation"}}. As daprd: {@code data} is passed on as its JSON
 * text; the answer is 200 with the binding's data when the binding answered, 204 when it had
 * nothing to say, and its metadata comes back as {@code metadata.<key>} headers.
 */
@Path("/v1.0/bindings/{name}")
public class BindingsResource {

    @Inject
    BindingService bindings;

    @Inject
    ObjectMapper json;

    @POST
    public Uni<Response> invoke(@Context HttpServerRequest request, byte[] body) {
        // the name from the raw path: a JAX-RS path parameter stops at a ';'
        String name = RawPath.segment(request, 2);
        JsonNode node = HttpRequests.json(json, body);
        if (!node.isObject()) {
            throw HttpRequests.malformed("the body must be a JSON object");
        }
        Map<String, String> metadata = HttpRequests.stringMap(node, "metadata");
        String operation = HttpRequests.text(node, "operation");
        byte[] data = JsonValues.toBytes(json, node.get("data"));
        return bindings.invoke(name, operation, data, metadata == null ? Map.of() : metadata)
                .map(BindingsResource::answer);
    }

    @PUT
    public Uni<Response> invokePut(@Context HttpServerRequest request, byte[] body) {
        return invoke(request, body);
    }

    private static Response answer(InvokeResponse r) {
        if (r == null) {
            return Response.noContent().build();
        }
        Response.ResponseBuilder b = Response.ok(r.data(), MediaType.APPLICATION_JSON_TYPE);
        r.metadata().forEach((k, v) -> b.header("metadata." + k, v));
        return b.build();
    }
}
