package io.quapr.sidecar.jobs;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Value;
import io.dapr.v1.CommonProtos.HTTPExtension;
import io.dapr.v1.DaprAppCallbackProtos.JobEventRequest;
import io.dapr.v1.DaprJobsProtos.Job;
import io.grpc.Status;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.appchannel.AppCallbackChannel;
import io.quapr.sidecar.appchannel.AppChannel;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Hands a due job to the app as daprd does: an HTTP app gets {@code POST /job/<name>} with the
 * job's data as JSON, a gRPC app {@code AppCallbackAlpha.OnJobEventAlpha1}. The app took it when
 * it answers 2xx (gRPC {@code OK}); a 404 ({@code NOT_FOUND}) counts as taken too, as daprd
 * counts it, so that an app without the route is not called again and again.
 */
@ApplicationScoped
public class JobTrigger {

    private static final Logger LOG = Logger.getLogger(JobTrigger.class);
    private static final String VALUE_TYPE = "type.googleapis.com/google.protobuf.Value";
    /** How long the app has for one job. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    AppChannel app;

    @Inject
    AppCallbackChannel grpcApp;

    @Inject
    SidecarConfig config;

    /** Delivers the job; an item when the app took it, a failure otherwise. */
    public Uni<Void> trigger(Job job) {
        if (config.appPort().isEmpty()) {
            return Uni.createFrom().failure(new IllegalStateException(
                    "received job, but app channel not initialized"));
        }
        return grpcApp.configured() ? grpc(job) : http(job);
    }

    private Uni<Void> http(Job job) {
        byte[] body;
        try {
            body = httpBody(job.getData());
        } catch (InvalidProtocolBufferException e) {
            return Uni.createFrom().failure(e);
        }
        return app.post("job/" + stripSlash(job.getName()), body, Map.of("Content-Type", "application/json"), TIMEOUT)
                .chain(r -> {
                    if (r.status() / 100 == 2) {
                        return Uni.createFrom().voidItem();
                    }
                    if (r.status() == 404) {
                        LOG.errorf("non-retriable error returned from app while processing triggered job %s."
                                + " status code returned: %d", job.getName(), r.status());
                        return Uni.createFrom().voidItem();
                    }
                    return Uni.createFrom().failure(new IllegalStateException("unexpected status code returned from"
                            + " app while processing triggered job " + job.getName() + ". status code returned: "
                            + r.status()));
                });
    }

    private Uni<Void> grpc(Job job) {
        JobEventRequest request = JobEventRequest.newBuilder().setName(job.getName()).setData(job.getData())
                .setMethod("job/" + job.getName()).setContentType(job.getData().getTypeUrl())
                .setHttpExtension(HTTPExtension.newBuilder().setVerb(HTTPExtension.Verb.POST)).build();
        return grpcApp.onJobEvent(request, TIMEOUT).replaceWithVoid().onFailure(
                e -> Status.fromThrowable(e).getCode() == Status.Code.NOT_FOUND).recoverWithUni(e -> {
                    LOG.errorf("non-retriable error returned from app while processing triggered job %s: %s",
                            job.getName(), e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * The HTTP body: a {@code google.protobuf.Value} (what the HTTP API stores) as its JSON, any
     * other type's bytes as they are.
     */
    static byte[] httpBody(Any data) throws InvalidProtocolBufferException {
        if (data.getTypeUrl().equals(VALUE_TYPE)) {
            Value v = data.unpack(Value.class);
            return v.getKindCase() == Value.KindCase.KIND_NOT_SET
                    ? new byte[0]
                    : ValueJson.tree(v).toString().getBytes(StandardCharsets.UTF_8);
        }
        return trim(data.getValue().toByteArray());
    }

    /** The bytes without leading and trailing ASCII white space (daprd trims them too). */
    private static byte[] trim(byte[] b) {
        int from = 0;
        int to = b.length;
        while (from < to && Character.isWhitespace(b[from])) {
            from++;
        }
        while (to > from && Character.isWhitespace(b[to - 1])) {
            to--;
        }
        return Arrays.copyOfRange(b, from, to);
    }

    private static String stripSlash(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }
}
