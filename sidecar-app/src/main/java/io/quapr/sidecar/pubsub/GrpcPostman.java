package io.quapr.sidecar.pubsub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventRequest;
import io.grpc.Status;
import io.quapr.sidecar.appchannel.AppCallbackChannel;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Delivery to a gRPC app as daprd does it: {@code AppCallback.OnTopicEvent} with the CloudEvent's
 * attributes as fields, its data as bytes (decoded from {@code data_base64}, the text of a text
 * type, the JSON of a JSON type), every other attribute in {@code extensions}, and the message
 * metadata as gRPC headers. {@code UNIMPLEMENTED} from the app is taken as done, any other error
 * as retry; the response's {@code RETRY}/{@code DROP} mean what they say.
 */
final class GrpcPostman implements Postman {

    private static final Logger LOG = Logger.getLogger(GrpcPostman.class);
    private static final Set<String> NOT_EXTENSIONS = Set.of("id", "source", "datacontenttype", "type",
            "specversion", "data", "data_base64");

    private final AppCallbackChannel app;
    private final Duration timeout;

    GrpcPostman(AppCallbackChannel app, Duration timeout) {
        this.app = app;
        this.timeout = timeout;
    }

    @Override
    public Uni<AppOutcome> deliver(Letter letter) {
        TopicEventRequest request;
        try {
            request = request(letter);
        } catch (IllegalArgumentException e) {
            LOG.warnf("pub/sub event %s cannot be sent to the app: %s", letter.id(), e.getMessage());
            return Uni.createFrom().item(AppOutcome.RETRY);
        }
        Map<String, String> metadata = letter.metadata();
        if (!letter.trace().isEmpty()) {
            // the app continues the delivery's span, as over HTTP
            metadata = new LinkedHashMap<>(metadata);
            metadata.putAll(letter.trace());
        }
        return app.onTopicEvent(request, metadata, timeout).map(r -> switch (r.getStatus()) {
            case SUCCESS -> AppOutcome.SUCCESS;
            case DROP -> AppOutcome.DROP;
            default -> AppOutcome.RETRY;
        }).onFailure().recoverWithItem(e -> {
            if (Status.fromThrowable(e).getCode() == Status.Code.UNIMPLEMENTED) {
                LOG.warnf("non-retriable error returned from app while processing pub/sub event %s: %s", letter.id(),
                        e.getMessage());
                return AppOutcome.SUCCESS;
            }
            LOG.warnf("error returned from app while processing pub/sub event %s: %s", letter.id(), e.getMessage());
            return AppOutcome.RETRY;
        });
    }

    /**
     * daprd's {@code TopicEventRequest} for an event (also what streaming subscriptions receive).
     *
     * @throws IllegalArgumentException when the event's data cannot be turned into bytes
     */
    static TopicEventRequest request(Letter letter) {
        ObjectNode ce = letter.cloudEvent();
        String contentType = text(ce, "datacontenttype");
        TopicEventRequest.Builder b = TopicEventRequest.newBuilder().setId(text(ce, "id"))
                .setSource(text(ce, "source")).setType(text(ce, "type")).setSpecVersion(text(ce, "specversion"))
                .setDataContentType(contentType).setTopic(letter.topic()).setPubsubName(letter.pubsub())
                .setPath(letter.path());
        JsonNode base64 = ce.get("data_base64");
        JsonNode data = ce.get("data");
        if (base64 != null && !base64.isNull()) {
            if (!base64.isTextual()) {
                throw new IllegalArgumentException("unexpected data type encountered in envelope");
            }
            b.setData(ByteString.copyFrom(Base64.getDecoder().decode(base64.textValue())));
        } else if (data != null && !data.isNull()) {
            if (ContentTypes.isString(contentType)) {
                if (!data.isTextual()) {
                    throw new IllegalArgumentException("unexpected data type encountered in envelope");
                }
                b.setData(ByteString.copyFrom(data.textValue(), StandardCharsets.UTF_8));
            } else if (ContentTypes.isJson(contentType) || ContentTypes.isCloudEvent(contentType)) {
                b.setData(ByteString.copyFrom(data.toString(), StandardCharsets.UTF_8));
            }
        }
        ObjectNode extensions = CloudEvents.JSON.createObjectNode();
        ce.fields().forEachRemaining(e -> {
            if (!NOT_EXTENSIONS.contains(e.getKey())) {
                extensions.set(e.getKey(), e.getValue());
            }
        });
        Struct.Builder struct = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(extensions.toString(), struct);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("unable to convert the CloudEvent extensions: " + e.getMessage(), e);
        }
        return b.setExtensions(struct).build();
    }

    private static String text(ObjectNode ce, String field) {
        JsonNode v = ce.get(field);
        return v != null && v.isTextual() ? v.textValue() : "";
    }
}
