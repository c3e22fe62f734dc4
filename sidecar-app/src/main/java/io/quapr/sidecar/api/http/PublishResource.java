package io.quapr.sidecar.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.pubsub.BulkEvents;
import io.quapr.sidecar.pubsub.BulkPublishResult;
import io.quapr.sidecar.pubsub.PubSubService;
import io.quapr.sidecar.pubsub.TraceContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;

/**
 * The bulk publish API over HTTP: {@code POST|PUT /v1.0/publish/bulk/{pubsub}/{topic}} (and its
 * {@code v1.0-alpha1} alias); a single event's publish is {@link PublishRoute}'s. Only translation:
 * {@link PubSubService} does the rest.
 */
@Path("/")
public class PublishResource {

    @Inject
    PubSubService pubsub;

    @Inject
    SidecarConfig config;

    @Inject
    ObjectMapper json;

    @POST
    @Path("v1.0/publish/bulk/{pubsub: [^/]*}/{topic: .*}")
    public Uni<Response> bulk(@Context HttpServerRequest request, @Context UriInfo uri, @Context HttpHeaders headers,
            byte[] body) {
        String name = RawPath.segment(request, 3);
        String topic = RawPath.after(request, 4);
        Map<String, String> md = HttpRequests.metadata(uri.getQueryParameters());
        String appId = config.appId().orElse("");
        return pubsub.bulkPublish(name, topic, md, trace(headers), () -> BulkEvents.parse(body, name, topic, appId))
                .map(this::bulkResponse);
    }

    @PUT
    @Path("v1.0/publish/bulk/{pubsub: [^/]*}/{topic: .*}")
    public Uni<Response> bulkPut(@Context HttpServerRequest request, @Context UriInfo uri,
            @Context HttpHeaders headers, byte[] body) {
        return bulk(request, uri, headers, body);
    }

    @POST
    @Path("v1.0-alpha1/publish/bulk/{pubsub: [^/]*}/{topic: .*}")
    public Uni<Response> bulkAlpha(@Context HttpServerRequest request, @Context UriInfo uri,
            @Context HttpHeaders headers, byte[] body) {
        return bulk(request, uri, headers, body);
    }

    @PUT
    @Path("v1.0-alpha1/publish/bulk/{pubsub: [^/]*}/{topic: .*}")
    public Uni<Response> bulkAlphaPut(@Context HttpServerRequest request, @Context UriInfo uri,
            @Context HttpHeaders headers, byte[] body) {
        return bulk(request, uri, headers, body);
    }

    /** daprd answers a full success with no body, a partial failure with the failed entries. */
    private Response bulkResponse(BulkPublishResult result) {
        if (result.error() == null) {
            return Response.noContent().build();
        }
        ObjectNode body = json.createObjectNode();
        ArrayNode failed = body.putArray("failedEntries");
        for (BulkPublishResult.FailedEntry f : result.failedEntries()) {
            ObjectNode entry = failed.addObject().put("entryId", f.entryId());
            if (f.error() != null && !f.error().isEmpty()) {
                entry.put("error", f.error());
            }
        }
        body.put("errorCode", result.error().code().code());
        return Response.status(result.error().httpStatus()).type(MediaType.APPLICATION_JSON_TYPE).entity(body)
                .build();
    }

    private static TraceContext trace(HttpHeaders headers) {
        return TraceContext.of(headers.getHeaderString("traceparent"), headers.getHeaderString("tracestate"));
    }
}
