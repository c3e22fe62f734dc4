package io.quapr.sidecar.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.BytesValue;
import com.google.protobuf.DoubleValue;
import com.google.protobuf.Duration;
import com.google.protobuf.Empty;
import com.google.protobuf.FloatValue;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Int64Value;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.StringValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.UInt64Value;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.dapr.v1.DaprJobsProtos.Job;
import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.quapr.sidecar.jobs.JobsService;
import io.quapr.sidecar.jobs.ValueJson;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/**
 * The jobs API over HTTP: {@code /v1.0-alpha1/jobs/<name>} as daprd 1.17 serves it and the
 * {@code /v1.0/jobs/<name>} form 1.18 made stable. daprd reads the body as its internal
 * {@code JobHTTPRequest} in protobuf JSON (unknown fields ignored), whose {@code data} is any JSON
 * value, and answers a GET with the {@code Job} message in protobuf JSON, its data an {@code Any}.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    /** Data of the well-known types (the HTTP API stores a {@code Value}) prints as its JSON. */
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace()
            .usingTypeRegistry(JsonFormat.TypeRegistry.newBuilder().add(List.of(Value.getDescriptor(),
                    Struct.getDescriptor(), ListValue.getDescriptor(), StringValue.getDescriptor(),
                    BytesValue.getDescriptor(), BoolValue.getDescriptor(), Int32Value.getDescriptor(),
                    Int64Value.getDescriptor(), UInt32Value.getDescriptor(), UInt64Value.getDescriptor(),
                    DoubleValue.getDescriptor(), FloatValue.getDescriptor(), Timestamp.getDescriptor(),
                    Duration.getDescriptor(), Empty.getDescriptor())).build());

    @Inject
    JobsService jobs;

    @Inject
    ObjectMapper json;

    @POST
    @Path("v1.0-alpha1/jobs/{name}")
    public Uni<Response> scheduleAlpha(@PathParam("name") String name, byte[] body) {
        return schedule(name, body);
    }

    @POST
    @Path("v1.0/jobs/{name}")
    public Uni<Response> schedule(@PathParam("name") String name, byte[] body) {
        JsonNode request = body == null || body.length == 0 ? json.createObjectNode() : HttpRequests.json(json, body);
        if (!request.isObject()) {
            throw HttpRequests.malformed("the body must be a JSON object");
        }
        ObjectNode fields = ((ObjectNode) request).deepCopy();
        JsonNode data = fields.remove("data");
        JsonNode overwrite = fields.remove("overwrite");
        Job.Builder job = Job.newBuilder();
        try {
            PARSER.merge(fields.toString(), job);
            if (data != null && !data.isNull()) {
                Value.Builder value = Value.newBuilder();
                PARSER.merge(data.toString(), value);
                job.setData(Any.pack(value.build()));
            }
        } catch (InvalidProtocolBufferException e) {
            throw HttpRequests.malformed(e.getMessage());
        }
        if (!job.getName().isEmpty()) {
            throw new DaprException(ErrorCode.SCHEDULER_JOB_NAME, "Set the job name in the url only");
        }
        job.setName(name.strip());
        return jobs.schedule(job.build(), overwrite != null && overwrite.asBoolean(false))
                .map(v -> Response.noContent().build());
    }

    @GET
    @Path("v1.0-alpha1/jobs/{name}")
    public Uni<Response> getAlpha(@PathParam("name") String name) {
        return get(name);
    }

    @GET
    @Path("v1.0/jobs/{name}")
    public Uni<Response> get(@PathParam("name") String name) {
        return jobs.get(name).map(job -> Response.ok(render(job), MediaType.APPLICATION_JSON).build());
    }

    @DELETE
    @Path("v1.0-alpha1/jobs/{name}")
    public Uni<Response> deleteAlpha(@PathParam("name") String name) {
        return delete(name);
    }

    @DELETE
    @Path("v1.0/jobs/{name}")
    public Uni<Response> delete(@PathParam("name") String name) {
        return jobs.delete(name).map(v -> Response.noContent().build());
    }

    /**
     * The job in protobuf JSON. Data of a type this sidecar has no descriptor for (a gRPC client's
     * own message) is shown as its type and base64 bytes instead of failing the call.
     */
    private byte[] render(Job job) {
        Any data = job.getData();
        try {
            ObjectNode out = (ObjectNode) json.readTree(PRINTER.print(job.toBuilder().clearData().build()));
            if (job.hasData()) {
                ObjectNode shown = out.putObject("data").put("@type", data.getTypeUrl());
                if (data.is(Value.class)) {
                    shown.set("value", ValueJson.tree(data.unpack(Value.class)));
                } else {
                    try {
                        shown.setAll((ObjectNode) json.readTree(PRINTER.print(data)));
                    } catch (InvalidProtocolBufferException unknownType) {
                        shown.put("value", Base64.getEncoder().encodeToString(data.getValue().toByteArray()));
                    }
                }
            }
            return json.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
