package io.quapr.sidecar.metadata;

import io.dapr.v1.DaprMetadataProtos.AppConnectionHealthProperties;
import io.dapr.v1.DaprMetadataProtos.AppConnectionProperties;
import io.dapr.v1.DaprMetadataProtos.GetMetadataResponse;
import io.dapr.v1.DaprMetadataProtos.PubsubSubscription;
import io.dapr.v1.DaprMetadataProtos.PubsubSubscriptionRule;
import io.dapr.v1.DaprMetadataProtos.PubsubSubscriptionRules;
import io.dapr.v1.DaprMetadataProtos.PubsubSubscriptionType;
import io.dapr.v1.DaprMetadataProtos.RegisteredComponents;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.Version;
import io.quapr.sidecar.appchannel.AppHealthProbe;
import io.quapr.sidecar.components.Components;
import io.quapr.sidecar.components.LiveComponent;
import io.quapr.sidecar.pubsub.SubscriptionRegistry;
import io.quapr.sidecar.pubsub.SubscriptionSpec;
import io.quapr.sidecar.resiliency.Resiliency;
import io.quapr.spi.Component;
import io.quapr.spi.pubsub.PubSub;
import io.quapr.spi.secrets.SecretStore;
import io.quapr.spi.state.StateFeature;
import io.quapr.spi.state.StateStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
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

    @Inject
    AppHealthProbe health;

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
        if (config.appMaxConcurrency() > 0) {
            app.setMaxConcurrency(config.appMaxConcurrency());
        }
        SidecarConfig.AppHealth h = health.settings();
        if (h != null) {
            AppConnectionHealthProperties.Builder hp = AppConnectionHealthProperties.newBuilder()
                    .setHealthProbeInterval(goString(h.probeInterval()))
                    .setHealthProbeTimeout(goString(h.probeTimeout())).setHealthThreshold(h.threshold());
            // as daprd: the path means nothing to a gRPC app
            if (!config.appProtocol().toLowerCase(java.util.Locale.ROOT).startsWith("grpc")) {
                hp.setHealthCheckPath(h.path().startsWith("/") ? h.path() : "/" + h.path());
            }
            app.setHealth(hp);
            // Quapr only: daprd's message has no field for the status itself
            b.putExtendedMetadata("appHealth", health.healthy() ? "healthy" : "unhealthy");
        }
        b.setAppConnectionProperties(app);
        return b.build();
    }

    /** A duration as Go prints one ({@code 5s}, {@code 500ms}, {@code 1m30s}), as daprd reports it. */
    static String goString(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return plain(BigDecimal.valueOf(d.toNanos(), 6)) + "ms";
        }
        StringBuilder out = new StringBuilder();
        if (d.toHours() > 0) {
            out.append(d.toHours()).append('h');
        }
        if (d.toHours() > 0 || d.toMinutesPart() > 0) {
            out.append(d.toMinutesPart()).append('m');
        }
        return out.append(plain(BigDecimal.valueOf(d.toSecondsPart() * 1_000_000_000L + d.toNanosPart(), 9)))
                .append('s').toString();
    }

    private static String plain(BigDecimal n) {
        return n.stripTrailingZeros().toPlainString();
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
