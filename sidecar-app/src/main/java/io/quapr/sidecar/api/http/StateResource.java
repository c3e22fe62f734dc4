package io.quapr.sidecar.api.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.sidecar.state.DeleteItem;
import io.quapr.sidecar.state.StateService;
import io.quapr.sidecar.state.TransactionItem;
import io.quapr.spi.state.BulkGetItem;
import io.quapr.spi.state.QueryableStateStore;
import io.quapr.spi.state.StateOptions;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The state API over HTTP, but for its hot routes (a key's GET and the save, served by
 * {@link StateRoute}): parses daprd's request shapes and writes daprd's answers.
 */
@Path("/")
public class StateResource {

    @Inject
    StateService state;

    @Inject
    ObjectMapper json;

    @DELETE
    @Path("v1.0/state/{store}/{key}")
    public Uni<Response> delete(@Context HttpServerRequest request, @HeaderParam("If-Match") String ifMatch,
            @Context UriInfo uri) {
        String store = RawPath.segment(request, 2);
        String key = RawPath.segment(request, 3);
        var query = uri.getQueryParameters();
        StateOptions options = StateRequests.options(query.getFirst("concurrency"), query.getFirst("consistency"));
        return state.delete(store, new DeleteItem(key, ifMatch, HttpRequests.metadata(query), options))
                .map(v -> Response.noContent().build());
    }

    @POST
    @Path("v1.0/state/{store}/bulk")
    public Uni<Response> bulkGet(@PathParam("store") String store, @Context UriInfo uri, byte[] body) {
        JsonNode req = HttpRequests.json(json, body);
        if (!req.isObject()) {
            throw HttpRequests.malformed("the body must be a JSON object with 'keys'");
        }
        List<String> keys = new ArrayList<>();
        JsonNode keyNodes = req.path("keys");
        if (!keyNodes.isMissingNode() && !keyNodes.isNull() && !keyNodes.isArray()) {
            throw HttpRequests.malformed("field 'keys' must be an array of strings");
        }
        for (JsonNode k : keyNodes) {
            if (!k.isTextual()) {
                throw HttpRequests.malformed("field 'keys' must be an array of strings");
            }
            keys.add(k.textValue());
        }
        Map<String, String> md = HttpRequests.merge(HttpRequests.stringMap(req, "metadata"),
                HttpRequests.metadata(uri.getQueryParameters()));
        return state.bulkGet(store, keys, md).map(items -> Response.ok(bulkBody(items), MediaType.APPLICATION_JSON_TYPE)
                .build());
    }

    @PUT
    @Path("v1.0/state/{store}/bulk")
    public Uni<Response> bulkGetPut(@PathParam("store") String store, @Context UriInfo uri, byte[] body) {
        return bulkGet(store, uri, body);
    }

    @POST
    @Path("v1.0/state/{store}/transaction")
    public Uni<Response> transaction(@PathParam("store") String store, @Context UriInfo uri, byte[] body) {
        Map<String, String> queryMd = HttpRequests.metadata(uri.getQueryParameters());
        // daprd checks the store supports transactions before it reads the body
        state.requireTransactions(store);
        JsonNode req = HttpRequests.json(json, body);
        if (!req.isObject()) {
            throw HttpRequests.malformed("the body must be a JSON object with 'operations'");
        }
        Map<String, String> md = HttpRequests.merge(HttpRequests.stringMap(req, "metadata"), queryMd);
        JsonNode operations = req.path("operations");
        if (!operations.isMissingNode() && !operations.isNull() && !operations.isArray()) {
            // Jackson would iterate an object's values: refuse it as daprd's decoder does
            throw HttpRequests.malformed("field 'operations' must be an array");
        }
        List<TransactionItem> items = new ArrayList<>();
        for (JsonNode op : operations) {
            if (!op.isObject()) {
                throw HttpRequests.malformed("each operation must be a JSON object");
            }
            String operation = HttpRequests.text(op, "operation");
            JsonNode request = op.path("request");
            if (!request.isObject()) {
                throw HttpRequests.malformed("operation 'request' must be an object");
            }
            if ("upsert".equals(operation)) {
                items.add(new TransactionItem(operation, StateRequests.saveItem(json, request, queryMd), null));
            } else if ("delete".equals(operation)) {
                Map<String, String> opMd = HttpRequests.merge(HttpRequests.stringMap(request, "metadata"), queryMd);
                items.add(new TransactionItem(operation, null, new DeleteItem(HttpRequests.text(request, "key"),
                        HttpRequests.text(request, "etag"), opMd, StateRequests.options(request))));
            } else {
                // the service refuses it, with daprd's error
                items.add(new TransactionItem(operation, null, null));
            }
        }
        return state.transaction(store, items, md).map(v -> Response.noContent().build());
    }

    @PUT
    @Path("v1.0/state/{store}/transaction")
    public Uni<Response> transactionPut(@PathParam("store") String store, @Context UriInfo uri, byte[] body) {
        return transaction(store, uri, body);
    }

    @POST
    @Path("v1.0-alpha1/state/{store}/query")
    public Uni<Response> query(@PathParam("store") String store, @Context UriInfo uri, byte[] body) {
        String query = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        return state.query(store, query, HttpRequests.metadata(uri.getQueryParameters())).map(r -> {
            if (r.results().isEmpty()) {
                return Response.noContent().build();
            }
            return Response.ok(queryBody(r), MediaType.APPLICATION_JSON_TYPE).build();
        });
    }

    @PUT
    @Path("v1.0-alpha1/state/{store}/query")
    public Uni<Response> queryPut(@PathParam("store") String store, @Context UriInfo uri, byte[] body) {
        return query(store, uri, body);
    }

    private byte[] bulkBody(List<BulkGetItem> items) {
        return write(gen -> {
            gen.writeStartArray();
            for (BulkGetItem item : items) {
                gen.writeStartObject();
                gen.writeStringField("key", item.key());
                if (item.error() != null) {
                    gen.writeStringField("error", item.error());
                } else if (item.response().found()) {
                    gen.writeFieldName("data");
                    JsonValues.writeData(json, gen, item.response().data());
                    if (item.response().etag() != null) {
                        gen.writeStringField("etag", item.response().etag());
                    }
                    if (!item.response().metadata().isEmpty()) {
                        gen.writeObjectField("metadata", item.response().metadata());
                    }
                }
                gen.writeEndObject();
            }
            gen.writeEndArray();
        });
    }

    private byte[] queryBody(QueryableStateStore.QueryResponse r) {
        return write(gen -> {
            gen.writeStartObject();
            gen.writeArrayFieldStart("results");
            for (QueryableStateStore.QueryItem item : r.results()) {
                gen.writeStartObject();
                gen.writeStringField("key", item.key());
                gen.writeFieldName("data");
                JsonValues.writeData(json, gen, item.data());
                if (item.etag() != null) {
                    gen.writeStringField("etag", item.etag());
                }
                if (item.error() != null && !item.error().isEmpty()) {
                    gen.writeStringField("error", item.error());
                }
                gen.writeEndObject();
            }
            gen.writeEndArray();
            if (r.token() != null && !r.token().isEmpty()) {
                gen.writeStringField("token", r.token());
            }
            if (r.metadata() != null && !r.metadata().isEmpty()) {
                gen.writeObjectField("metadata", r.metadata());
            }
            gen.writeEndObject();
        });
    }

    private byte[] write(JsonWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator gen = json.getFactory().createGenerator(out)) {
            gen.setCodec(json);
            writer.write(gen);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    @FunctionalInterface
    private interface JsonWriter {
        void write(JsonGenerator gen) throws IOException;
    }
}
