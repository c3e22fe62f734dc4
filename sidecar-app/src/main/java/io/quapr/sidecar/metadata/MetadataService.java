package io.quapr.sidecar.metadata;

import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.Version;
import io.quapr.sidecar.actors.ActorRuntime;
import io.quapr.sidecar.appchannel.AppHealthProbe;
import io.quapr.sidecar.bindings.BindingDirection;
import io.quapr.sidecar.components.Components;
import io.quapr.sidecar.components.LiveComponent;
import io.quapr.sidecar.pubsub.SubscriptionRegistry;
import io.quapr.sidecar.resiliency.Resiliency;
import io.quapr.sidecar.workflow.WorkflowRuntime;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metadata building block: what this sidecar is and what it loaded, as a
 * {@link SidecarMetadata}. The gRPC API renders it as daprd's {@code GetMetadataResponse}, the
 * HTTP API as daprd's JSON.
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

    @Inject
    WorkflowRuntime workflows;

    @Inject
    ActorRuntime actors;

    private final Map<String, String> extended = new ConcurrentHashMap<>();

    /** The sidecar's metadata now. */
    public SidecarMetadata get() {
        // insertion order is the reported order: the app's attributes, then the sidecar's own
        // (a key the app set keeps its place but takes the sidecar's value)
        Map<String, String> ext = new LinkedHashMap<>(extended);
        ext.put("daprRuntimeVersion", Version.RUNTIME);
        String policies = resiliency.describeJson();
        if (policies != null) {
            ext.put(Resiliency.METADATA_KEY, policies);
        }
        List<LiveComponent> loaded = new ArrayList<>(components.all());
        loaded.sort(Comparator.comparing(LiveComponent::name));
        List<SidecarMetadata.Component> registered = new ArrayList<>();
        for (LiveComponent c : loaded) {
            registered.add(new SidecarMetadata.Component(c.name(), c.resource().type(), c.resource().version(),
                    capabilities(c)));
        }
        SidecarMetadata.AppHealth appHealth = null;
        SidecarConfig.AppHealth h = health.settings();
        if (h != null) {
            // as daprd: the path means nothing to a gRPC app
            String path = config.appProtocol().toLowerCase(Locale.ROOT).startsWith("grpc")
                    ? ""
                    : h.path().startsWith("/") ? h.path() : "/" + h.path();
            appHealth = new SidecarMetadata.AppHealth(path, goString(h.probeInterval()), goString(h.probeTimeout()),
                    h.threshold());
            // Quapr only: daprd's message has no field for the status itself
            ext.put("appHealth", health.healthy() ? "healthy" : "unhealthy");
        }
        SidecarMetadata.AppConnection app = new SidecarMetadata.AppConnection(config.appPort().orElse(0),
                config.appProtocol(), config.appChannelAddress(), Math.max(0, config.appMaxConcurrency()), appHealth);
        return new SidecarMetadata(config.appId().orElse(""), Version.RUNTIME, List.copyOf(registered),
                List.copyOf(subscriptions.all()), Collections.unmodifiableMap(ext), app,
                new SidecarMetadata.Workflows(workflows.connectedWorkers()), actorRuntime());
    }

    private SidecarMetadata.ActorRuntime actorRuntime() {
        if (!actors.enabled()) {
            return new SidecarMetadata.ActorRuntime("DISABLED", Map.of(), false, "");
        }
        if (!actors.configured()) {
            return new SidecarMetadata.ActorRuntime("INITIALIZING", Map.of(), false, "");
        }
        return new SidecarMetadata.ActorRuntime("RUNNING", actors.activeCounts(), true, "");
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
     * and transactions; {@code INPUT_BINDING} and/or {@code OUTPUT_BINDING} for a binding, as its
     * type and {@code direction} make it.
     */
    static List<String> capabilities(LiveComponent component) {
        Component instance = component.instance();
        List<String> caps = new ArrayList<>();
        if (BindingDirection.isInput(component)) {
            caps.add("INPUT_BINDING");
        }
        if (BindingDirection.isOutput(component)) {
            caps.add("OUTPUT_BINDING");
        }
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
