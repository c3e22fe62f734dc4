package io.quapr.sidecar.api.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quapr.sidecar.telemetry.ErrorCodeCounter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders a {@link DaprException} as daprd's HTTP error: the status, and a JSON body
 * {@code {"errorCode", "message", "details"}} whose details carry the {@code ErrorInfo} (and
 * {@code ResourceInfo}) that the gRPC rendering carries too.
 */
@Singleton
public class DaprExceptionHttpMapper {

    @Inject
    ObjectMapper json;

    @ServerExceptionMapper
    public Response map(DaprException e) {
        ErrorCodeCounter.record(e.code().code(), e.code().category());
        return Response.status(e.httpStatus()).type(MediaType.APPLICATION_JSON_TYPE).entity(body(e)).build();
    }

    /**
     * Writes the same answer straight to a Vert.x response, for routes that run before JAX-RS
     * (invocation, bodies over the size limit).
     */
    public void write(HttpServerResponse response, DaprException e) {
        ErrorCodeCounter.record(e.code().code(), e.code().category());
        response.setStatusCode(e.httpStatus()).putHeader("content-type", "application/json")
                .end(Buffer.buffer(body(e)));
    }

    byte[] body(DaprException e) {
        ObjectNode body = json.createObjectNode();
        body.put("errorCode", e.code().code());
        body.put("message", e.getMessage());
        if (!e.code().reason().isEmpty()) {
            ArrayNode details = body.putArray("details");
            ObjectNode info = details.addObject();
            info.put("@type", "type.googleapis.com/google.rpc.ErrorInfo");
            info.put("reason", e.code().reason());
            info.put("domain", GrpcErrors.DOMAIN);
            if (!e.infoMetadata().isEmpty()) {
                ObjectNode md = info.putObject("metadata");
                e.infoMetadata().forEach(md::put);
            }
            if (e.resource() != null) {
                ObjectNode res = details.addObject();
                res.put("@type", "type.googleapis.com/google.rpc.ResourceInfo");
                res.put("resource_type", e.resource().type());
                res.put("resource_name", e.resource().name());
                res.put("owner", "");
                res.put("description", e.resource().description());
            }
        }
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
