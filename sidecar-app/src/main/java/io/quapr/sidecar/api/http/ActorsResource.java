package io.quapr.sidecar.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.BytesValue;
import com.google.protobuf.InvalidProtocolBufferException;
import io.quapr.sidecar.actors.ActorStates;
import io.quapr.sidecar.actors.ActorsService;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The actors API over HTTP as daprd serves it under {@code /v1.0/actors/<type>/<id>/}:
 * {@code method/<method>} (any of POST, PUT, GET, DELETE), {@code state/<key>}, {@code state}
 * (a transaction), {@code reminders/<name>} and {@code timers/<name>}.
 */
@Path("/v1.0/actors/{type}/{id}")
public class ActorsResource {

    /** Answer headers not passed back from the app: the connection's own. */
    private static final Set<String> HOP_BY_HOP = Set.of("content-length", "connection", "keep-alive",
            "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection", "date");

    @Inject
    ActorsService actors;

    @Inject
    ObjectMapper json;

    /** Calls an actor method (POST). */
    @POST
    @Path("method/{method}")
    public Uni<Response> invokePost(@PathParam("type") String type, @PathParam("id") String id,
            @PathParam("method") String method, @Context HttpServerRequest request, byte[] body) {
        return invoke(type, id, method, request, body);
    }

    /** Calls an actor method (PUT). */
    @PUT
    @Path("method/{method}")
    public Uni<Response> invokePut(@PathParam("type") String type, @PathParam("id") String id,
            @PathParam("method") String method, @Context HttpServerRequest request, byte[] body) {
        return invoke(type, id, method, request, body);
    }

    /** A GET's body is not read (RESTEasy Reactive would read it blocking); actor GETs carry none. */
    @GET
    @Path("method/{method}")
    public Uni<Response> invokeGet(@PathParam("type") String type, @PathParam("id") String id,
            @PathParam("method") String method, @Context HttpServerRequest request) {
        return invoke(type, id, method, request, null);
    }

    /** Calls an actor method (DELETE). */
    @DELETE
    @Path("method/{method}")
    public Uni<Response> invokeDelete(@PathParam("type") String type, @PathParam("id") String id,
            @PathParam("method") String method, @Context HttpServerRequest request, byte[] body) {
        return invoke(type, id, method, request, body);
    }

    private Uni<Response> invoke(String type, String id, String method, HttpServerRequest request, byte[] body) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
        headers.add("Dapr-API-Call", "true");
        return actors.invoke(type, id, method, body == null ? new byte[0] : body, headers).map(r -> {
            Response.ResponseBuilder b = Response.status(r.status()).entity(r.body());
            r.headers().forEach(e -> {
                if (!HOP_BY_HOP.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                    b.header(e.getKey(), e.getValue());
                }
            });
            return b.build();
        });
    }

    /** One state value of the actor: 200 with it, 204 when there is none. */
    @GET
    @Path("state/{key}")
    public Uni<Response> getState(@PathParam("type") String type, @PathParam("id") String id,
            @PathParam("key") String key) {
        return actors.getState(type, id, key).map(r -> {
            if (!r.found() || r.data().length == 0) {
                return Response.noContent().build();
            }
            Response.ResponseBuilder b = Response.ok(r.data(), MediaType.APPLICATION_JSON);
            r.metadata().forEach((k, v) -> b.header("metadata." + k, v));
            return b.build();
        });
    }

    /** Applies state operations of the actor together (POST). */
    @POST
    @Path("state")
    public Uni<Response> transactionPost(@PathParam("type") String type, @PathParam("id") String id, byte[] body) {
        return transaction(type, id, body);
    }

    /** Applies state operations of the actor together (PUT). */
    @PUT
    @Path("state")
    public Uni<Response> transactionPut(@PathParam("type") String type, @PathParam("id") String id, byte[] body) {
        return transaction(type, id, body);
    }

    private Uni<Response> transaction(String type, String id, byte[] body) {
        JsonNode ops = HttpRequests.json(json, body);
        if (!ops.isArray()) {
            throw HttpRequests.malformed("json: cannot unmarshal " + kind(ops)
                    + " into Go value of type []api.TransactionalOperation");
        }
        List<ActorStates.Operation> operations = new ArrayList<>();
        for (JsonNode op : ops) {
            String operation = op.path("operation").asText("");
            JsonNode req = op.path("request");
            String key = req.path("key").asText("");
            Map<String, String> metadata = new HashMap<>();
            req.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
            switch (operation) {
                case "upsert" -> {
                    JsonNode value = req.has("value") ? req.get("value") : json.nullNode();
                    operations.add(new ActorStates.Operation(true, key, value.toString().getBytes(
                            StandardCharsets.UTF_8), metadata));
                }
                case "delete" -> operations.add(new ActorStates.Operation(false, key, null, metadata));
                default -> throw new DaprException(ErrorCode.ACTOR_STATE_TRANSACTION_SAVE,
                        "error saving actor transaction state: operation type " + operation + " not supported");
            }
        }
        return actors.transaction(type, id, operations).map(v -> Response.noContent().build());
    }

    /** Registers a reminder (POST). */
    @POST
    @Path("reminders/{name}")
    public Uni<Response> createReminderPost(@PathParam("type") String type, @PathParam("id") String id,
            @PathParam("name") String name, byte[] body) {
        return createReminder(type, id, name, body);
    }

    /** Registers a reminder (PUT). */
    @PUT
    @Path("reminders/{name}")
    public Uni<Response> createReminderPut(@PathParam("type") String type, @PathParam("id") String id,
            @PathParam("name") String name, byte[] body) {
        return createReminder(type, id, name, body);
    }

    private Uni<Response> createReminder(String type, String id, String name, byte[] body) {
        JsonNode r = object(body);
        JsonNode overwrite = r.path("overwrite");
        return actors.createReminder(type, id, name, text(r, "dueTime"), text(r, "period"), text(r, "ttl"),
                data(r), !overwrite.isBoolean() || overwrite.asBoolean(), null).map(
                        v -> Response.noContent()
                                .build());
    }

    /** A reminder as daprd shows it: {@code actorID}, {@code actorType}, {@code data}, {@code dueTime}, {@code period}, {@code ttl}. */
    @GET
    @Path("reminders/{name}")
    public Uni<Response> getReminder(@PathParam("type") String type, @PathParam("id") String id,
            @PathParam("name") String name) {
        return actors.getReminder(type, id, name).map(r -> {
            ObjectNode out = json.createObjectNode();
            out.put("actorID", id);
            out.put("actorType", type);
            if (r.data() != null) {
                try {
                    out.set("data", json.readTree(r.data().unpack(BytesValue.class).getValue().toByteArray()));
                } catch (InvalidProtocolBufferException e) {
                    throw new DaprException(ErrorCode.ACTOR_REMINDER_GET, "error getting actor reminder: " + e
                            .getMessage());
                } catch (IOException e) {
                    out.put("data", new String(r.data().getValue().toByteArray(), StandardCharsets.UTF_8));
                }
            }
            putIfSet(out, "dueTime", r.dueTime());
            putIfSet(out, "period", r.period());
            putIfSet(out, "ttl", r.ttl());
            return Response.ok(out.toString(), MediaType.APPLICATION_JSON).build();
        });
    }

    /** Deletes a reminder. */
    @DELETE
    @Path("reminders/{name}")
    public Uni<Response> deleteReminder(@PathParam("type") String type, @PathParam("id") String id,
            @PathParam("name") String name) {
        return actors.deleteReminder(type, id, name).map(v -> Response.noContent().build());
    }

    /** Registers a timer (POST). */
    @POST
    @Path("timers/{name}")
    public Uni<Response> createTimerPost(@PathParam("type") String type, @PathParam("id") String id,
            @PathParam("name") String name, byte[] body) {
        return createTimer(type, id, name, body);
    }

    /** Registers a timer (PUT). */
    @PUT
    @Path("timers/{name}")
    public Uni<Response> createTimerPut(@PathParam("type") String type, @PathParam("id") String id,
            @PathParam("name") String name, byte[] body) {
        return createTimer(type, id, name, body);
    }

    private Uni<Response> createTimer(String type, String id, String name, byte[] body) {
        JsonNode r = object(body);
        return actors.createTimer(type, id, name, text(r, "dueTime"), text(r, "period"), text(r, "ttl"), text(r,
                "callback"), data(r)).map(v -> Response.noContent().build());
    }

    /** Removes a timer. */
    @DELETE
    @Path("timers/{name}")
    public Uni<Response> deleteTimer(@PathParam("type") String type, @PathParam("id") String id,
            @PathParam("name") String name) {
        return actors.deleteTimer(type, id, name).map(v -> Response.noContent().build());
    }

    private JsonNode object(byte[] body) {
        JsonNode r = HttpRequests.json(json, body);
        if (!r.isObject()) {
            throw HttpRequests.malformed("json: cannot unmarshal " + kind(r) + " into Go value of type object");
        }
        return r;
    }

    /** The request's {@code data} as the JSON text the app will get, or null. */
    private static byte[] data(JsonNode r) {
        JsonNode d = r.get("data");
        return d == null || d.isNull() ? null : d.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String text(JsonNode r, String field) {
        JsonNode v = r.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static void putIfSet(ObjectNode out, String field, String value) {
        if (value != null && !value.isEmpty()) {
            out.put(field, value);
        }
    }

    private static String kind(JsonNode n) {
        return n.isTextual()
                ? "string"
                : n.isNumber()
                        ? "number"
                        : n.isBoolean()
                                ? "bool"
                                : n.isObject()
                                        ? "object"
                                        : "array";
    }
}
