package io.quapr.sidecar.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quapr.sidecar.metadata.MetadataService;
import io.quapr.sidecar.metadata.SidecarMetadata;
import io.quapr.sidecar.pubsub.SubscriptionSpec;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;

/** The metadata API over HTTP, in daprd's JSON shape. */
@Path("/v1.0/metadata")
public class MetadataResource {

    @Inject
    MetadataService metadata;

    @Inject
    ObjectMapper json;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode get() {
        SidecarMetadata m = metadata.get();
        ObjectNode body = json.createObjectNode();
        if (!m.id().isEmpty()) {
            body.put("id", m.id());
        }
        body.put("runtimeVersion", m.runtimeVersion());
        ArrayNode components = body.putArray("components");
        for (SidecarMetadata.Component c : m.components()) {
            ObjectNode node = components.addObject().put("name", c.name()).put("type", c.type())
                    .put("version", c.version());
            ArrayNode caps = node.putArray("capabilities");
            c.capabilities().forEach(caps::add);
        }
        if (!m.subscriptions().isEmpty()) {
            ArrayNode subs = body.putArray("subscriptions");
            for (SubscriptionSpec s : m.subscriptions()) {
                subscription(subs.addObject(), s);
            }
        }
        ObjectNode extended = body.putObject("extended");
        m.extended().forEach(extended::put);
        SidecarMetadata.AppConnection a = m.appConnection();
        ObjectNode app = body.putObject("appConnectionProperties");
        if (a.port() != 0) {
            app.put("port", a.port());
        }
        app.put("protocol", a.protocol());
        app.put("channelAddress", a.channelAddress());
        if (a.maxConcurrency() != 0) {
            app.put("maxConcurrency", a.maxConcurrency());
        }
        SidecarMetadata.AppHealth h = a.health();
        if (h != null) {
            // daprd's JSON: empty fields left out
            ObjectNode health = app.putObject("health");
            if (!h.healthCheckPath().isEmpty()) {
                health.put("healthCheckPath", h.healthCheckPath());
            }
            health.put("healthProbeInterval", h.probeInterval());
            health.put("healthProbeTimeout", h.probeTimeout());
            health.put("healthThreshold", h.threshold());
        }
        SidecarMetadata.ActorRuntime actors = m.actorRuntime();
        if (!actors.activeActors().isEmpty()) {
            // daprd's deprecated alias of actorRuntime.activeActors
            ArrayNode counts = body.putArray("actors");
            actors.activeActors().forEach((t, n) -> counts.addObject().put("type", t).put("count", n));
        }
        ObjectNode runtime = body.putObject("actorRuntime").put("runtimeStatus", actors.status());
        if (!actors.activeActors().isEmpty()) {
            ArrayNode counts = runtime.putArray("activeActors");
            actors.activeActors().forEach((t, n) -> counts.addObject().put("type", t).put("count", n));
        }
        runtime.put("hostReady", actors.hostReady());
        if (!actors.placement().isEmpty()) {
            runtime.put("placement", actors.placement());
        }
        // as daprd's JSON: the object always, the count only when not zero
        ObjectNode workflows = body.putObject("workflows");
        if (m.workflows().connectedWorkers() != 0) {
            workflows.put("connectedWorkers", m.workflows().connectedWorkers());
        }
        return body;
    }

    /** daprd's JSON for a subscription: its rules flattened, empty fields left out. */
    private static void subscription(ObjectNode node, SubscriptionSpec s) {
        node.put("pubsubname", s.pubsub()).put("topic", s.topic());
        if (!s.metadata().isEmpty()) {
            ObjectNode md = node.putObject("metadata");
            s.metadata().forEach(md::put);
        }
        if (!s.rules().isEmpty()) {
            ArrayNode rules = node.putArray("rules");
            for (SubscriptionSpec.Rule r : s.rules()) {
                ObjectNode rule = rules.addObject();
                if (!r.match().isEmpty()) {
                    rule.put("match", r.match());
                }
                if (!r.path().isEmpty()) {
                    rule.put("path", r.path());
                }
            }
        }
        node.put("deadLetterTopic", s.deadLetterTopic()).put("type", s.type().name());
    }

    @PUT
    @Path("{key}")
    public Response put(@Context HttpServerRequest request, byte[] body) {
        // the key from the raw path: a JAX-RS path parameter stops at a ';'
        metadata.put(RawPath.segment(request, 2), body == null ? "" : new String(body, StandardCharsets.UTF_8));
        return Response.noContent().build();
    }
}
