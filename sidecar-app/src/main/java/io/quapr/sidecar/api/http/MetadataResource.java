package io.quapr.sidecar.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dapr.v1.DaprMetadataProtos.GetMetadataResponse;
import io.dapr.v1.DaprMetadataProtos.PubsubSubscription;
import io.dapr.v1.DaprMetadataProtos.PubsubSubscriptionRule;
import io.dapr.v1.DaprMetadataProtos.RegisteredComponents;
import io.quapr.sidecar.metadata.MetadataService;
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
        GetMetadataResponse m = metadata.get();
        ObjectNode body = json.createObjectNode();
        if (!m.getId().isEmpty()) {
            body.put("id", m.getId());
        }
        body.put("runtimeVersion", m.getRuntimeVersion());
        ArrayNode components = body.putArray("components");
        for (RegisteredComponents c : m.getRegisteredComponentsList()) {
            ObjectNode node = components.addObject().put("name", c.getName()).put("type", c.getType())
                    .put("version", c.getVersion());
            ArrayNode caps = node.putArray("capabilities");
            c.getCapabilitiesList().forEach(caps::add);
        }
        if (m.getSubscriptionsCount() > 0) {
            ArrayNode subs = body.putArray("subscriptions");
            for (PubsubSubscription s : m.getSubscriptionsList()) {
                subscription(subs.addObject(), s);
            }
        }
        ObjectNode extended = body.putObject("extended");
        m.getExtendedMetadataMap().forEach(extended::put);
        ObjectNode app = body.putObject("appConnectionProperties");
        if (m.getAppConnectionProperties().getPort() != 0) {
            app.put("port", m.getAppConnectionProperties().getPort());
        }
        app.put("protocol", m.getAppConnectionProperties().getProtocol());
        app.put("channelAddress", m.getAppConnectionProperties().getChannelAddress());
        if (m.getAppConnectionProperties().getMaxConcurrency() != 0) {
            app.put("maxConcurrency", m.getAppConnectionProperties().getMaxConcurrency());
        }
        if (m.getAppConnectionProperties().hasHealth()) {
            // daprd's JSON: empty fields left out
            var h = m.getAppConnectionProperties().getHealth();
            ObjectNode health = app.putObject("health");
            if (!h.getHealthCheckPath().isEmpty()) {
                health.put("healthCheckPath", h.getHealthCheckPath());
            }
            health.put("healthProbeInterval", h.getHealthProbeInterval());
            health.put("healthProbeTimeout", h.getHealthProbeTimeout());
            health.put("healthThreshold", h.getHealthThreshold());
        }
        body.putObject("actorRuntime").put("runtimeStatus", "DISABLED").put("hostReady", false);
        return body;
    }

    /** daprd's JSON for a subscription: its rules flattened, empty fields left out. */
    private static void subscription(ObjectNode node, PubsubSubscription s) {
        node.put("pubsubname", s.getPubsubName()).put("topic", s.getTopic());
        if (s.getMetadataCount() > 0) {
            ObjectNode md = node.putObject("metadata");
            s.getMetadataMap().forEach(md::put);
        }
        if (s.getRules().getRulesCount() > 0) {
            ArrayNode rules = node.putArray("rules");
            for (PubsubSubscriptionRule r : s.getRules().getRulesList()) {
                ObjectNode rule = rules.addObject();
                if (!r.getMatch().isEmpty()) {
                    rule.put("match", r.getMatch());
                }
                if (!r.getPath().isEmpty()) {
                    rule.put("path", r.getPath());
                }
            }
        }
        node.put("deadLetterTopic", s.getDeadLetterTopic()).put("type", s.getType().name());
    }

    @PUT
    @Path("{key}")
    public Response put(@Context HttpServerRequest request, byte[] body) {
        // the key from the raw path: a JAX-RS path parameter stops at a ';'
        metadata.put(RawPath.segment(request, 2), body == null ? "" : new String(body, StandardCharsets.UTF_8));
        return Response.noContent().build();
    }
}
