package io.quapr.sidecar.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.StartupException;
import io.quapr.sidecar.components.ComponentRegistry;
import io.quapr.sidecar.config.resource.DaprConfiguration;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.nameresolution.NameResolver;
import io.quapr.spi.nameresolution.Registration;
import io.quapr.spi.nameresolution.ResolveRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Finds other sidecars by app id through the name resolution component the
 * {@code Configuration}'s {@code spec.nameResolution} names ({@code component}, {@code version},
 * {@code configuration}); without one, {@code nameresolution.sqlite} on the data folder's
 * shared file, so sidecars on one machine find each other with no setup. Answers are cached
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
            component = "sqlite";
        }
        String version = section.path("version").asText("");
        if (version.isEmpty()) {
            version = "v1";
        }
        type = "nameresolution." + component;
        ComponentRegistry.Created created = registry.create(type, version);
        if (created == null) {
            throw new StartupException(List.of(configuration.source() + ": spec.nameResolution.component: unknown name "
                    + "resolution component '" + component + "' version " + version + " (known: "
                    + registry.knownTypes().keySet().stream().filter(t -> t.startsWith("nameresolution."))
                            .map(t -> t.substring("nameresolution.".length())).toList()
                    + ")"));
        }
        Map<String, String> raw = new LinkedHashMap<>();
        section.path("configuration").fields()
                .forEachRemaining(e -> raw.put(e.getKey(), e.getValue().isValueNode()
                        ? e.getValue().asText()
                        : e.getValue().toString()));
        String appId = config.appId().orElse("");
        String namespace = config.namespace().orElse("");
        NameResolver r = (NameResolver) created.instance();
        try {
            ComponentMetadata.Bound bound = ComponentMetadata.bind(type, raw, created.schema(), Set.of());
            bound.warnings().forEach(w -> LOG.warnf("%s: spec.nameResolution.configuration: %s",
                    configuration.source(), w));
            ComponentContext ctx = new ComponentContext(vertx, Clock.systemUTC(), appId, namespace,
                    Path.of(config.dataDir()));
            r.init(bound.metadata(), ctx).await().atMost(Duration.ofSeconds(30));
            if (!appId.isEmpty()) {
                r.register(new Registration(appId, namespace, config.hostAddress(), port)).await()
                        .atMost(Duration.ofSeconds(30));
            }
        } catch (RuntimeException e) {
            throw new StartupException(List.of((configuration.present() ? configuration.source() + ": " : "")
                    + "spec.nameResolution: " + type + " failed to start: " + e.getMessage()));
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
