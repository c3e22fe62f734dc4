package io.quapr.components.secretstores.aws.parameterstore;

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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;
import software.amazon.awssdk.services.ssm.model.DescribeParametersRequest;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;
import software.amazon.awssdk.services.ssm.model.ParameterVersionNotFoundException;

/**
 * {@code secretstores.aws.parameterstore}: AWS Systems Manager Parameter Store, answering as
 * daprd's store does. Secret {@code name} is parameter {@code prefix + name}, read decrypted
 * ({@code SecureString}s too); its answer is one pair, the name to the value. The request
 * metadata {@code version_id} reads that version ({@code name:version_id}). {@link #bulkGet}
 * reads every parameter whose name begins with the prefix, one after the other.
 *
 * <p>
 * The client is the SDK's async client on the sidecar's event loops
 * ({@link io.quapr.components.aws.AwsClients}); results are handed back on the caller's Vert.x
 * context. Like daprd's, the store calls nothing at start-up.
 */
@Dependent
@ComponentType("secretstores.aws.parameterstore")
public class ParameterStoreSecretStore implements SecretStore {

    /** Request metadata: the parameter version to read. */
    static final String VERSION_ID = "version_id";

    // written once by init before any other call, read by any thread afterwards
    private volatile String prefix = "";
    private volatile ComponentContext context;
    private volatile AwsConnection<SsmAsyncClient> connection;

    /** Created by the sidecar through CDI, one instance per {@code Component} resource. */
    public ParameterStoreSecretStore() {
    }

    @Override
    public Uni<Void> init(ComponentMetadata metadata, ComponentContext context) {
        return Uni.createFrom().deferred(() -> {
            AwsSettings settings = AwsSettings.from(metadata);
            this.prefix = metadata.string("prefix", "");
            this.context = context;
            return AwsConnection.openOffLoop(settings, context, SsmAsyncClient::builder);
        }).invoke(opened -> connection = opened).replaceWithVoid();
    }

    /** None, as daprd's store reports. */
    @Override
    public Set<SecretFeature> features() {
        return Set.of();
    }

    @Override
    public Uni<Map<String, String>> get(String name, Map<String, String> metadata) {
        String version = metadata.getOrDefault(VERSION_ID, "");
        String parameter = prefix + name + (version.isEmpty() ? "" : ":" + version);
        return value(parameter)
                .map(p -> Map.of(secretName(p.name()), p.value()))
                .onFailure(
                        e -> e instanceof ParameterNotFoundException || e instanceof ParameterVersionNotFoundException)
                .transform(e -> new SecretNotFoundException(name));
    }

    /**
     * Every parameter under the prefix, each as a secret of one pair; request metadata is not
     * used, as in daprd.
     */
    @Override
    public Uni<Map<String, Map<String, String>>> bulkGet(Map<String, String> metadata) {
        return names(null, new ArrayList<>())
                .onItem().transformToMulti(names -> Multi.createFrom().iterable(names))
                .onItem().transformToUniAndConcatenate(this::value)
                .collect().in(TreeMap<String, Map<String, String>>::new, (all, p) -> {
                    String secret = secretName(p.name());
                    all.put(secret, Map.of(secret, p.value()));
                })
                .map(Collections::unmodifiableMap);
    }

    /** The decrypted parameter {@code parameter} (a name, possibly with a version selector). */
    private Uni<Parameter> value(String parameter) {
        return AwsCalls.call(() -> client().getParameter(b -> b.name(parameter).withDecryption(true)))
                .map(r -> r.parameter());
    }

    /** The names of every parameter under the prefix, page after page from {@code nextToken}. */
    private Uni<List<String>> names(String nextToken, List<String> names) {
        DescribeParametersRequest.Builder request = DescribeParametersRequest.builder().nextToken(nextToken);
        if (!prefix.isEmpty()) {
            request.parameterFilters(ParameterStringFilter.builder().key("Name").option("BeginsWith").values(prefix)
                    .build());
        }
        return AwsCalls.call(() -> client().describeParameters(request.build())).chain(page -> {
            page.parameters().stream().map(ParameterMetadata::name).forEach(names::add);
            return page.nextToken() == null ? Uni.createFrom().item(names) : names(page.nextToken(), names);
        });
    }

    /** A parameter's name without the prefix: the secret's name. */
    private String secretName(String parameterName) {
        return parameterName.startsWith(prefix) ? parameterName.substring(prefix.length()) : parameterName;
    }

    private SsmAsyncClient client() {
        return AwsConnection.clientOf(connection, "secretstores.aws.parameterstore");
    }

    /** Closes the client on a worker thread: closing its connections may wait a little. */
    @Override
    public Uni<Void> close() {
        AwsConnection<SsmAsyncClient> open = connection;
        connection = null;
        return AwsConnection.closeOnWorker(open, context);
    }
}
