package io.quapr.components.secretstores.aws.secretmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.components.aws.AwsCalls;
import io.quapr.components.aws.AwsConnection;
import io.quapr.components.aws.AwsSettings;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.ComponentType;
import io.quapr.spi.secrets.SecretFeature;
import io.quapr.spi.secrets.SecretNotFoundException;
import io.quapr.spi.secrets.SecretStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.Dependent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerAsyncClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/**
 * {@code secretstores.aws.secretmanager}: AWS Secrets Manager, answering as daprd's store does. A
 * secret's answer is one pair, its name to its {@code SecretString}; with
 * {@code multipleKeyValuesPerSecret} a {@code SecretString} that is a JSON object of strings is
 * answered as its pairs instead. A secret holding only binary data answers no pairs. The request
 * metadata {@code version_id} and {@code version_stage} pick a version other than the current
 * one. {@link #bulkGet} reads every secret the credentials may list, one after the other.
 *
 * <p>
 * The client is the SDK's async client on the sidecar's event loops
 * ({@link io.quapr.components.aws.AwsClients}); results are handed back on the caller's Vert.x
 * context. Like daprd's, the store calls nothing at start-up.
 */
@Dependent
@ComponentType("secretstores.aws.secretmanager")
public class SecretManagerSecretStore implements SecretStore {

    /** Request metadata: the version id to read. */
    static final String VERSION_ID = "version_id";

    /** Request metadata: the staging label of the version to read, e.g. {@code AWSPREVIOUS}. */
    static final String VERSION_STAGE = "version_stage";

    private static final ObjectMapper JSON = new ObjectMapper();

    // written once by init before any other call, read by any thread afterwards
    private volatile boolean multipleKeyValues;
    private volatile ComponentContext context;
    private volatile AwsConnection<SecretsManagerAsyncClient> connection;

    /** Created by the sidecar through CDI, one instance per {@code Component} resource. */
    public SecretManagerSecretStore() {
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        return Uni.createFrom().deferred(() -> {
            AwsSettings settings = AwsSettings.from(metadata);
            this.multipleKeyValues = metadata.bool("multipleKeyValuesPerSecret", false);
            this.context = context;
            return AwsConnection.openOffLoop(settings, context, SecretsManagerAsyncClient::builder);
        }).invoke(opened -> connection = opened).replaceWithVoid();
    }

    /** {@code MULTIPLE_KEY_VALUES_PER_SECRET} exactly when {@code multipleKeyValuesPerSecret} is on, as daprd. */
    @Override
    public Set<SecretFeature> features() {
        return multipleKeyValues ? Set.of(SecretFeature.MULTIPLE_KEY_VALUES_PER_SECRET) : Set.of();
    }

    @Override
    public Uni<Map<String, String>> get(String name, Map<String, String> metadata) {
        GetSecretValueRequest request = GetSecretValueRequest.builder()
                .secretId(name)
                .versionId(nonEmpty(metadata.get(VERSION_ID)))
                .versionStage(nonEmpty(metadata.get(VERSION_STAGE)))
                .build();
        return AwsCalls.call(() -> client().getSecretValue(request))
                .map(this::pairs)
                .onFailure(ResourceNotFoundException.class).transform(e -> new SecretNotFoundException(name));
    }

    /** Every secret's current version; request metadata is not used, as in daprd. */
    @Override
    public Uni<Map<String, Map<String, String>>> bulkGet(Map<String, String> metadata) {
        return names(null, new ArrayList<>())
                .onItem().transformToMulti(names -> Multi.createFrom().iterable(names))
                .onItem().transformToUniAndConcatenate(name -> AwsCalls.call(
                        () -> client().getSecretValue(b -> b.secretId(name))).map(r -> Map.entry(name, pairs(r))))
                .collect().in(TreeMap<String, Map<String, String>>::new, (all, e) -> all.put(e.getKey(), e.getValue()))
                .map(Collections::unmodifiableMap);
    }

    /** The names of every secret, page after page from {@code nextToken}, added to {@code names}. */
    private Uni<List<String>> names(String nextToken, List<String> names) {
        return AwsCalls.call(() -> client().listSecrets(b -> b.nextToken(nextToken))).chain(page -> {
            page.secretList().stream().map(SecretListEntry::name).forEach(names::add);
            return page.nextToken() == null ? Uni.createFrom().item(names) : names(page.nextToken(), names);
        });
    }

    private Map<String, String> pairs(GetSecretValueResponse response) {
        return pairs(response.name(), response.secretString(), multipleKeyValues);
    }

    /**
     * A secret's answer: {@code name} to {@code secretString}; or, when {@code multipleKeyValues}
     * is on and {@code secretString} is a JSON object whose values are all strings, those pairs
     * (anything else, e.g. a number value, falls back to the one pair, as in daprd). No pairs
     * without a string (a binary secret).
     */
    static Map<String, String> pairs(String name, String secretString, boolean multipleKeyValues) {
        if (name == null || secretString == null) {
            return Map.of();
        }
        if (multipleKeyValues) {
            Map<String, String> values = stringObject(secretString);
            if (values != null) {
                return values;
            }
        }
        return Map.of(name, secretString);
    }

    /** {@code text} as a JSON object of strings (JSON null read as empty), or null when it is not one. */
    private static Map<String, String> stringObject(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException notJson) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            JsonNode value = field.getValue();
            if (!value.isTextual() && !value.isNull()) {
                return null;
            }
            values.put(field.getKey(), value.isNull() ? "" : value.asText());
        }
        return Collections.unmodifiableMap(values);
    }

    /** daprd passes a present key even when empty, which AWS refuses; here empty means not set. */
    private static String nonEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private SecretsManagerAsyncClient client() {
        return AwsConnection.clientOf(connection, "secretstores.aws.secretmanager");
    }

    /** Closes the client on a worker thread: closing its connections may wait a little. */
    @Override
    public Uni<Void> close() {
        AwsConnection<SecretsManagerAsyncClient> open = connection;
        connection = null;
        return AwsConnection.closeOnWorker(open, context);
    }
}
