package io.quapr.sidecar.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.sidecar.lock.LockService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * The distributed lock API over HTTP (alpha in daprd). daprd reads these bodies as the gRPC
 * messages in JSON, so a field may be spelled in lowerCamelCase or as in the proto file, and an
 * empty body is an empty request; it answers {@code {"success": false}} with the field present,
 * and the unlock status as its number.
 */
// at "/" as every resource of the API: Quarkus REST picks the class by its path first
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class LockResource {

    @Inject
    LockService locks;

    @Inject
    ObjectMapper json;

    @POST
    @Path("v1.0-alpha1/lock/{store}")
    public Uni<Map<String, Boolean>> tryLock(@PathParam("store") String store, byte[] body) {
        JsonNode request = request(body);
        return locks.tryLock(store, field(request, "resourceId", "resource_id"),
                field(request, "lockOwner", "lock_owner"), expiry(request))
                .map(success -> Map.of("success", success));
    }

    @POST
    @Path("v1.0-alpha1/unlock/{store}")
    public Uni<Map<String, Integer>> unlock(@PathParam("store") String store, byte[] body) {
        JsonNode request = request(body);
        return locks.unlock(store, field(request, "resourceId", "resource_id"),
                field(request, "lockOwner", "lock_owner")).map(status -> Map.of("status", status.ordinal()));
    }

    private JsonNode request(byte[] body) {
        if (body == null || body.length == 0) {
            return json.createObjectNode();
        }
        JsonNode node = HttpRequests.json(json, body);
        if (!node.isObject()) {
            throw HttpRequests.malformed("the body must be a JSON object");
        }
        return node;
    }

    private static String field(JsonNode request, String name, String protoName) {
        String value = HttpRequests.text(request, name);
        return value != null ? value : HttpRequests.text(request, protoName);
    }

    /** An int32 as protobuf's JSON reads one: a number without fraction, or such a number in a string. */
    private static int expiry(JsonNode request) {
        JsonNode v = request.has("expiryInSeconds") ? request.get("expiryInSeconds") : request.get("expiry_in_seconds");
        if (v == null || v.isNull()) {
            return 0;
        }
        try {
            if (v.isIntegralNumber() && v.canConvertToInt()) {
                return v.intValue();
            }
            if (v.isTextual()) {
                return Integer.parseInt(v.textValue().trim());
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw HttpRequests.malformed("field 'expiryInSeconds' must be a 32-bit integer");
    }
}
