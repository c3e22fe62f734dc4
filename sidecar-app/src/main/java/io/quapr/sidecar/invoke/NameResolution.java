package io.quapr.sidecar.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.StartupException;
import io.quapr.sidecar.components.ComponentLoader;
import io.quapr.sidecar.components.ComponentRegistry;
import io.quapr.sidecar.components.ComponentResource;
import io.quapr.sidecar.components.ResourceLoader;
import io.quapr.sidecar.config.resource.DaprConfiguration;
import io.quapr.spi.nameresolution.NameResolver;
import io.quapr.spi.nameresolution.Registration;
import io.quapr.spi.nameresolution.ResolveRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Finds other sidecars by app id through the name resolution component the
 * {@code Configuration}'s {@code spec.nameResolution} names ({@code component}, {@code version},
 * {@code configuration}); without one, as daprd, the mode's default: in Kubernetes mode
 * {@code nameresolution.kubernetes} (the {@code <app-id>-dapr} services), otherwise
 * {@code nameresolution.sqlite} on the data folder's shared file, so sidecars on one machine find
 * each other with no setup. Answers are cached
 * until a call to the address fails ({@link #forget}).
 */
@ApplicationScoped
public class NameResolution {

    private static final Logger LOG = Logger.getLogger(NameResolution.class);
    private static final String SECTION = "nameResolution";

    @Inject
    DaprConfiguration configuration;

    @Inject
    ComponentRegistry registry;

    @Inject
    ComponentLoader loader;

    @Inject
    SidecarConfig config;

    @Inject
    Vertx vertx;

    private final Map<String, String> cache = new ConcurrentHashMap<>();
    private volatile NameResolver resolver;
    private volatile int ownPort;
    private volatile String type = "";

    /**
     * Creates the resolver and registers this sidecar with it.
     *
     * @param port this sidecar's internal gRPC port, as bound
     * @throws StartupException naming the Configuration file and field when the section is wrong
     */
    public void start(int port) {
        ownPort = port;
        JsonNode section = configuration.section(SECTION);
        String component = section.path("component").asText("");
        if (component.isEmpty()) {
            component = config.mode() == SidecarConfig.Mode.KUBERNETES ? "kubernetes" : "sqlite";
        }
        String version = section.path("version").asText("");
        if (version.isEmpty()) {
            version = "v1";
        }
        type = "nameresolution." + component;
        if (!registry.has(type, version)) {
            throw new StartupException(List.of(configuration.source() + ": spec.nameResolution.component: unknown name "
                    + "resolution component '" + component + "' version " + version + " (known: "
                    + registry.knownTypes().keySet().stream().filter(t -> t.startsWith("nameresolution."))
                            .map(t -> t.substring("nameresolution.".length())).toList()
                    + ")"));
        }
        List<ComponentResource.MetadataItem> items = new ArrayList<>();
        section.path("configuration").fields()
                .forEachRemaining(e -> items.add(new ComponentResource.MetadataItem(e.getKey(),
                        e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString(), null, null)));
        String source = (configuration.present() ? configuration.source() : "(no Configuration)")
                + ": spec.nameResolution";
        // one lifecycle for every component: binding, initTimeout and failure wording as ComponentLoader does them
        NameResolver r = (NameResolver) loader.startOne(new ComponentResource(source, "nameresolution", type,
                version, items, null, List.of(), ResourceLoader.DEFAULT_INIT_TIMEOUT, false));
        String appId = config.appId().orElse("");
        if (!appId.isEmpty()) {
            try {
                r.register(new Registration(appId, config.namespace().orElse(""), config.hostAddress(), port))
                        .await().atMost(ResourceLoader.DEFAULT_INIT_TIMEOUT);
            } catch (RuntimeException e) {
                throw new StartupException(List.of(source + ": " + type + " could not register app id '" + appId
                        + "': " + e.getMessage()));
            }
        }
        resolver = r;
        LOG.debugf("name resolution: %s", type);
    }

    /** The component type in use ({@code nameresolution.sqlite}, ...). */
    public String type() {
        return type;
    }

    /**
     * The address of the app's sidecar, {@code host:port}, on the caller's context.
     *
     * @return fails with the resolver's error when the app is unknown
     */
    public Future<String> resolve(String appId, String namespace) {
        String key = namespace + "/" + appId;
        String hit = cache.get(key);
        if (hit != null) {
            return Future.succeededFuture(hit);
        }
        NameResolver r = resolver;
        if (r == null) {
            return Future.failedFuture(new IllegalStateException("name resolver not initialized"));
        }
        Context ctx = vertx.getOrCreateContext();
        return Future.fromCompletionStage(
                r.resolve(new ResolveRequest(appId, namespace, ownPort)).subscribeAsCompletionStage(), ctx)
                .onSuccess(address -> cache.put(key, address));
    }

    /** Drops a cached address after a call to it failed: the next call resolves again. */
    public void forget(String appId, String namespace) {
        cache.remove(namespace + "/" + appId);
    }

    @PreDestroy
    void stop() {
        NameResolver r = resolver;
        if (r != null) {
            try {
                r.close().await().atMost(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debugf("name resolver close: %s", e.getMessage());
            }
        }
    }
}
