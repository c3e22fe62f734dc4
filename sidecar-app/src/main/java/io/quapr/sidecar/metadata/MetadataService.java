package io.quapr.sidecar.metadata;

import io.dapr.v1.DaprMetadataProtos.AppConnectionProperties;
import io.dapr.v1.DaprMetadataProtos.GetMetadataResponse;
import io.dapr.v1.DaprMetadataProtos.PubsubSubscription;
import io.dapr.v1.DaprMetadataProtos.PubsubSubscriptionRule;
import io.dapr.v1.DaprMetadataProtos.PubsubSubscriptionRules;
import io.dapr.v1.DaprMetadataProtos.PubsubSubscriptionType;
import io.dapr.v1.DaprMetadataProtos.RegisteredComponents;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.Version;
import io.quapr.sidecar.components.Components;
import io.quapr.sidecar.components.LiveComponent;
import io.quapr.sidecar.pubsub.SubscriptionRegistry;
import io.quapr.sidecar.resiliency.Resiliency;
import io.quapr.sidecar.pubsub.SubscriptionSpec;
import io.quapr.spi.Component;
import io.quapr.spi.pubsub.PubSub;
import io.quapr.spi.secrets.SecretStore;
import io.quapr.spi.state.StateFeature;
import io.quapr.spi.state.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metadata building block: what this sidecar is and what it loaded, as daprd's
 * {@code GetMetadataResponse}. The gRPC API returns it as is; the HTTP API renders the same
 * message as daprd's JSON.
 */
@ApplicationScoped
public class MetadataService {

    @Inject
    Components components;

    @Inject
    SidecarConfig config;

    @Inject
    SubscriptionRegistry subscriptions;

    @Inject
    Resiliency resiliency;

    private final Map<String, String> extended = new ConcurrentHashMap<>();

    /** The sidecar's metadata now. */
    public GetMetadataResponse get() {
        GetMetadataResponse.Builder b = GetMetadataResponse.newBuilder()
                .setId(config.appId().orElse(""))
                .setRuntimeVersion(Version.RUNTIME)
                .putAllExtendedMetadata(extended)
                .putExtendedMetadata("daprRuntimeVersion", Version.RUNTIME);
        String policies = resiliency.describeJson();
        if (policies != null) {
            b.putExtendedMetadata(Resiliency.METADATA_KEY, policies);
        }
        List<LiveComponent> loaded = new ArrayList<>(components.all());
        loaded.sort(Comparator.comparing(LiveComponent::name));
        for (LiveComponent c : loaded) {
            if (c.ready()) {
                b.addRegisteredComponents(RegisteredComponents.newBuilder().setName(c.name())
                        .setType(c.resource().type()).setVersion(c.resource().version())
                        .addAllCapabilities(capabilities(c.instance())));
            }
        }
        for (SubscriptionSpec s : subscriptions.all()) {
            b.addSubscriptions(subscription(s));
        }
        AppConnectionProperties.Builder app = AppConnectionProperties.newBuilder()
                .setProtocol(config.appProtocol()).setChannelAddress(config.appChannelAddress());
        config.appPort().ifPresent(app::setPort);
        b.setAppConnectionProperties(app);
        return b.build();
    }

    private static PubsubSubscription subscription(SubscriptionSpec s) {
        PubsubSubscriptionRules.Builder rules = PubsubSubscriptionRules.newBuilder();
        for (SubscriptionSpec.Rule r : s.rules()) {
            rules.addRules(PubsubSubscriptionRule.newBuilder().setMatch(r.match()).setPath(r.path()));
        }
        return PubsubSubscription.newBuilder().setPubsubName(s.pubsub()).setTopic(s.topic())
                .putAllMetadata(s.metadata()).setRules(rules).setDeadLetterTopic(s.deadLetterTopic())
                .setType(PubsubSubscriptionType.valueOf(s.type().name())).build();
    }

    /**
     * Sets an extended metadata attribute ({@code PUT /v1.0/metadata/{key}}, gRPC
     * {@code SetMetadata}); an empty key is ignored, as daprd ignores it.
     */
    public void put(String key, String value) {
        if (key == null || key.isEmpty()) {
            return;
        }
        extended.put(key, value == null ? "" : value);
    }

    /**
     * A component's capabilities as daprd reports them: its feature names ({@code MESSAGE_TTL},
     * {@code BULK_PUBLISH}, ... for pub/sub), plus {@code ACTOR} for a state store with both ETags
     * and transactions.
     */
    static List<String> capabilities(Component instance) {
        List<String> caps = new ArrayList<>();
        if (instance instanceof StateStore s) {
            s.features().stream().sorted().forEach(f -> caps.add(f.name()));
            if (s.features().contains(StateFeature.ETAG) && s.features().contains(StateFeature.TRANSACTIONAL)) {
                caps.add("ACTOR");
            }
        } else if (instance instanceof SecretStore s) {
            s.features().stream().sorted().forEach(f -> caps.add(f.name()));
        } else if (instance instanceof PubSub p) {
            p.features().stream().sorted().forEach(f -> caps.add(f.name()));
        }
        return caps;
    }
}
