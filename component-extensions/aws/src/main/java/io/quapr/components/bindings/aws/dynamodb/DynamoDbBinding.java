package io.quapr.components.bindings.aws.dynamodb;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code bindings.aws.dynamodb}: writes items into one DynamoDB table, as daprd's binding.
 * {@code create} takes the request's data, a JSON object, as the item (PutItem, replacing an item
 * with the same key) and answers nothing. JSON values map as daprd's Go SDK maps them: strings to
 * {@code S}, numbers to {@code N} (whole numbers exactly as written), booleans to {@code BOOL},
 * {@code null} to {@code NULL}, arrays to {@code L} and objects to {@code M}. The item must carry
 * the table's key attributes, with their types; the table must exist.
 */
@Dependent
@ComponentType("bindings.aws.dynamodb")
public class DynamoDbBinding implements OutputBinding {

    // Go's json.Unmarshal refuses anything after the value
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    // written once by init before any other call, read by any thread afterwards
    private volatile String table;
    private volatile ComponentContext context;
    private volatile AwsConnection<DynamoDbAsyncClient> connection;

    /** Created by the sidecar through CDI, one instance per {@code Component} resource. */
    public DynamoDbBinding() {
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        return Uni.createFrom().deferred(() -> {
            AwsSettings settings = AwsSettings.from(metadata);
            this.table = metadata.required("table");
            this.context = context;
            return AwsConnection.openOffLoop(settings, context, DynamoDbAsyncClient::builder);
        }).invoke(opened -> connection = opened).replaceWithVoid();
    }

    @Override
    public List<String> operations() {
        return List.of("create");
    }

    /** {@code create}: PutItem of the data's object; answers nothing. */
    @Override
    public Uni<InvokeResponse> invoke(InvokeRequest request) {
        Map<String, AttributeValue> item;
        try {
            item = item(request.data());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
        return AwsCalls.call(() -> client().putItem(b -> b.tableName(table).item(item)))
                .replaceWith((InvokeResponse) null);
    }

    /** The item for a request's data, which must be a JSON object. */
    static Map<String, AttributeValue> item(byte[] data) {
        JsonNode root;
        try {
            root = JSON.readTree(data);
        } catch (IOException e) {
            throw new IllegalArgumentException("dynamodb binding: the data is not JSON: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("dynamodb binding: the data must be a JSON object (the item)");
        }
        return attributes(root);
    }

    private static Map<String, AttributeValue> attributes(JsonNode object) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            out.put(field.getKey(), attribute(field.getValue()));
        }
        return out;
    }

    private static AttributeValue attribute(JsonNode v) {
        if (v.isObject()) {
            return AttributeValue.fromM(attributes(v));
        }
        if (v.isArray()) {
            List<AttributeValue> list = new ArrayList<>();
            v.forEach(e -> list.add(attribute(e)));
            return AttributeValue.fromL(list);
        }
        if (v.isTextual()) {
            return AttributeValue.fromS(v.asText());
        }
        if (v.isNumber()) {
            // DynamoDB's N is decimal text: whole numbers exactly as written, others in plain notation
            return AttributeValue.fromN(v.isIntegralNumber() ? v.asText() : v.decimalValue().toPlainString());
        }
        if (v.isBoolean()) {
            return AttributeValue.fromBool(v.booleanValue());
        }
        return AttributeValue.fromNul(true);
    }

    private DynamoDbAsyncClient client() {
        return AwsConnection.clientOf(connection, "bindings.aws.dynamodb");
    }

    /** Closes the client on a worker thread: closing its connections may wait a little. */
    @Override
    public Uni<Void> close() {
        AwsConnection<DynamoDbAsyncClient> open = connection;
        connection = null;
        return AwsConnection.closeOnWorker(open, context);
    }
}
