package io.quapr.components.bindings.aws.sns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.components.aws.AwsCalls;
import io.quapr.components.aws.AwsConnection;
import io.quapr.components.aws.AwsSettings;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.bindings.InvokeRequest;
import io.quapr.spi.bindings.InvokeResponse;
import io.quapr.spi.bindings.OutputBinding;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.Dependent;
import java.io.IOException;
import java.util.List;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * {@code bindings.aws.sns}: publishes to one SNS topic, as daprd's binding. The request's data is
 * a JSON object {@code {"message": ..., "subject": ...}}: {@code message} becomes the SNS message
 * and {@code subject} its subject. A string is sent as its text; any other JSON value as its JSON
 * text (daprd prints Go's formatting of it, e.g. {@code map[a:1]} for an object). The answer is
 * empty.
 *
 * <p>
 * Where daprd sends odd values this binding refuses or leaves out instead: no {@code message} is
 * a bad request (daprd publishes the text {@code <nil>}), and no {@code subject} publishes
 * without one (daprd sends the subject {@code <nil>}). The client is the SDK's async client on the
 * sidecar's event loops ({@link io.quapr.components.aws.AwsClients}).
 */
@Dependent
@ComponentType("bindings.aws.sns")
public class SnsBinding implements OutputBinding {

    // Go's json.Unmarshal refuses anything after the value
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    // written once by init before any other call, read by any thread afterwards
    private volatile String topicArn;
    private volatile ComponentContext context;
    private volatile AwsConnection<SnsAsyncClient> connection;

    /** Created by the sidecar through CDI, one instance per {@code Component} resource. */
    public SnsBinding() {
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        return Uni.createFrom().deferred(() -> {
            AwsSettings settings = AwsSettings.from(metadata);
            this.topicArn = metadata.required("topicArn");
            this.context = context;
            return AwsConnection.openOffLoop(settings, context, SnsAsyncClient::builder);
        }).invoke(opened -> connection = opened).replaceWithVoid();
    }

    @Override
    public List<String> operations() {
        return List.of("create");
    }

    /** {@code create}: one Publish to the topic; answers nothing. */
    @Override
    public Uni<InvokeResponse> invoke(InvokeRequest request) {
        PublishRequest publish;
        try {
            publish = publishRequest(topicArn, request.data());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
        return AwsCalls.call(() -> client().publish(publish)).replaceWith((InvokeResponse) null);
    }

    /** The Publish for a request's data, {@code {"message","subject"}}. */
    static PublishRequest publishRequest(String topicArn, byte[] data) {
        JsonNode payload;
        try {
            payload = JSON.readTree(data);
        } catch (IOException e) {
            throw new IllegalArgumentException("sns binding: the data is not JSON: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (payload == null || !payload.isObject()) {
            throw new IllegalArgumentException(
                    "sns binding: the data must be a JSON object {\"message\", \"subject\"}");
        }
        String message = text(payload.get("message"));
        if (message == null) {
            throw new IllegalArgumentException("sns binding: the data has no 'message'");
        }
        return PublishRequest.builder().topicArn(topicArn).message(message)
                .subject(text(payload.get("subject"))).build();
    }

    /** A string's text, any other value's JSON text; {@code null} when absent or JSON null. */
    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isTextual() ? value.asText() : value.toString();
    }

    private SnsAsyncClient client() {
        return AwsConnection.clientOf(connection, "bindings.aws.sns");
    }

    /** Closes the client on a worker thread: closing its connections may wait a little. */
    @Override
    public Uni<Void> close() {
        AwsConnection<SnsAsyncClient> open = connection;
        connection = null;
        return AwsConnection.closeOnWorker(open, context);
    }
}
