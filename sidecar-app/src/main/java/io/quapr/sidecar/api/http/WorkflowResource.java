package io.quapr.sidecar.api.http;

import io.quapr.sidecar.workflow.WorkflowService;
import io.quapr.sidecar.workflow.WorkflowService.WorkflowState;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * daprd's workflow API over HTTP, under {@code v1.0} and its {@code v1.0-beta1} alias: start
 * (the raw body is the input), get, terminate, raise event (the raw body is the event's data),
 * pause, resume and purge. Writes answer 202, as daprd's. Only translation:
 * {@link WorkflowService} does the rest.
 */
// every resource of the API sits at "/": Quarkus REST picks the class by its path first and does
// not look at the others when none of its methods match
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowResource {

    /** {@code v1.0} and daprd's {@code v1.0-beta1} alias, then the component ({@code dapr}). */
    private static final String PREFIX = "{version: v1\\.0|v1\\.0-beta1}/workflows/{component}/";

    @Inject
    WorkflowService workflows;

    /** {@code POST .../{workflowName}/start[?instanceID=]}: 202 with {@code {"instanceID": ...}}. */
    @POST
    @Path(PREFIX + "{workflowName}/start")
    public Uni<Response> start(@PathParam("component") String component, @PathParam("workflowName") String name,
            @QueryParam("instanceID") String instanceId, byte[] body) {
        return workflows.start(component, name, instanceId, body)
                .map(id -> Response.accepted(Map.of("instanceID", id)).build());
    }

    /** {@code GET .../{instanceId}}: the state in daprd's JSON shape. */
    @GET
    @Path(PREFIX + "{instanceId}")
    public Uni<Map<String, Object>> get(@PathParam("component") String component,
            @PathParam("instanceId") String instanceId) {
        return workflows.get(component, instanceId).map(WorkflowResource::json);
    }

    /** {@code POST .../{instanceId}/terminate}: 202. */
    @POST
    @Path(PREFIX + "{instanceId}/terminate")
    public Uni<Response> terminate(@PathParam("component") String component,
            @PathParam("instanceId") String instanceId) {
        return workflows.terminate(component, instanceId).map(v -> accepted());
    }

    /** {@code POST .../{instanceId}/raiseEvent/{eventName}}: 202. */
    @POST
    @Path(PREFIX + "{instanceId}/raiseEvent/{eventName}")
    public Uni<Response> raiseEvent(@PathParam("component") String component,
            @PathParam("instanceId") String instanceId, @PathParam("eventName") String eventName, byte[] body) {
        return workflows.raiseEvent(component, instanceId, eventName, body).map(v -> accepted());
    }

    /** {@code POST .../{instanceId}/pause}: 202. */
    @POST
    @Path(PREFIX + "{instanceId}/pause")
    public Uni<Response> pause(@PathParam("component") String component, @PathParam("instanceId") String instanceId) {
        return workflows.pause(component, instanceId).map(v -> accepted());
    }

    /** {@code POST .../{instanceId}/resume}: 202. */
    @POST
    @Path(PREFIX + "{instanceId}/resume")
    public Uni<Response> resume(@PathParam("component") String component,
            @PathParam("instanceId") String instanceId) {
        return workflows.resume(component, instanceId).map(v -> accepted());
    }

    /** {@code POST .../{instanceId}/purge}: 202. */
    @POST
    @Path(PREFIX + "{instanceId}/purge")
    public Uni<Response> purge(@PathParam("component") String component, @PathParam("instanceId") String instanceId) {
        return workflows.purge(component, instanceId).map(v -> accepted());
    }

    private static Response accepted() {
        return Response.accepted().build();
    }

    /** daprd's {@code GetWorkflowResponse} as protojson writes it (RFC 3339 timestamps). */
    private static Map<String, Object> json(WorkflowState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instanceID", s.instanceId());
        m.put("workflowName", s.workflowName());
        m.put("createdAt", s.createdAt().toString());
        m.put("lastUpdatedAt", s.lastUpdatedAt().toString());
        m.put("runtimeStatus", s.runtimeStatus());
        m.put("properties", s.properties());
        return m;
    }
}
