package io.quapr.sidecar.components;

import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.StartupException;
import io.quapr.sidecar.config.resource.DaprConfiguration;
import io.quapr.sidecar.kubernetes.KubernetesResources;
import io.quapr.sidecar.resiliency.Resiliency;
import io.quapr.spi.Causes;
import io.quapr.spi.Component;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.secrets.SecretStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Loads the resources at start-up and brings their components up: secret stores first (other
 * components' metadata may refer to them), then the rest, each within its {@code initTimeout}.
 * Every problem stops start-up with a message naming file, component and cause, except for
 * components marked {@code ignoreErrors}, which are reported as failed instead.
 */
@ApplicationScoped
public class ComponentLoader {

    private static final Logger LOG = Logger.getLogger(ComponentLoader.class);

    /**
     * Metadata keys the sidecar reads itself (state stores' key prefix and outbox, pub/sub scopes);
     * not unknown to any component.
     */
    private static final Set<String> RUNTIME_KEYS = Set.of("keyprefix", "actorstatestore", "outboxpublishpubsub",
            "outboxpublishtopic", "outboxpubsub", "outboxdiscardwhenmissingstate", "primaryencryptionkey",
            "secondaryencryptionkey", "publishingscopes", "subscriptionscopes", "allowedtopics", "protectedtopics",
            "direction", "route");

    @Inject
    SidecarConfig config;

    @Inject
    ComponentRegistry registry;

    @Inject
    Components components;

    @Inject
    Readiness readiness;

    @Inject
    Vertx vertx;

    @Inject
    DaprConfiguration configuration;

    @Inject
    Resiliency resiliency;

    @Inject
    KubernetesResources kubernetes;

    private final List<SkippedComponent> skipped = new ArrayList<>();
    private Resources resources = new Resources(List.of(), List.of());
    private String resourcesOrigin = "";

    /**
     * Reads every resource and initialises every component in scope.
     *
     * @throws StartupException listing what is broken
     */
    public void loadAll() {
        configuration.load();
        resources = readResources();
        // before the components: each must know whether the sidecar retries its operations
        resiliency.start(resources.ofKind("Resiliency"));
        String appId = config.appId().orElse("");
        List<ComponentResource> inScope = new ArrayList<>();
        for (ComponentResource r : resources.components()) {
            if (r.inScope(appId)) {
                inScope.add(r);
            } else {
                LOG.infof("component '%s' (%s) is scoped away from app id '%s'; not loaded", r.name(), r.type(),
                        appId);
            }
        }
        checkNames(inScope);
        skipped.clear();
        ComponentContext context = context();
        MetadataResolver resolver = metadataResolver();
        List<String> problems = new ArrayList<>();
        // secret stores first: the others may read their metadata from them; and among them, those
        // that read none of theirs from a store first (in Kubernetes mode a store's credentials are
        // often in a Kubernetes Secret, read through the built-in 'kubernetes' store)
        List<ComponentResource> stores = inScope.stream().filter(r -> r.block().equals("secretstores")).toList();
        initAll(stores.stream().filter(r -> !readsSecrets(r)).toList(), context, resolver, problems);
        initAll(stores.stream().filter(ComponentLoader::readsSecrets).toList(), context, resolver, problems);
        initAll(inScope.stream().filter(r -> !r.block().equals("secretstores")).toList(), context, resolver,
                problems);
        if (!problems.isEmpty()) {
            throw new StartupException(problems);
        }
        readiness.markComponentsReady();
    }

    private static boolean readsSecrets(ComponentResource r) {
        return r.metadata().stream().anyMatch(m -> m.secretKeyRef() != null);
    }

    /** Every resource read at start-up (later blocks take their Subscriptions etc. from here). */
    public Resources resources() {
        return resources;
    }

    /** The components left out because they failed with {@code ignoreErrors} set, for the start-up report. */
    public List<SkippedComponent> skipped() {
        synchronized (skipped) {
            return List.copyOf(skipped);
        }
    }

    /** Where the resources came from, for the start-up log. */
    public String resourcesOrigin() {
        return resourcesOrigin;
    }

    /**
     * Starts one component of a resource while the sidecar runs (hot reload), as start-up starts
     * each: metadata resolved against the secret stores loaded now, bound, initialised within its
     * {@code initTimeout}. The caller puts it in place.
     *
     * @return the live component; a failure names the cause (the caller adds the source)
     */
    Uni<LiveComponent> start(ComponentResource r) {
        return initOne(r, context(), metadataResolver(), loadedSecretStores());
    }

    /**
     * Records the outcome of a hot reload for the start-up report's list of skipped components: the
     * component of this name is skipped now ({@code skip} not null), or no longer is.
     */
    void skippedNow(String name, SkippedComponent skip) {
        synchronized (skipped) {
            skipped.removeIf(s -> s.resource().name().equals(name));
            if (skip != null) {
                skipped.add(skip);
            }
        }
    }

    /** The resource of the skipped component of this name, or null. */
    ComponentResource skippedResource(String name) {
        synchronized (skipped) {
            return skipped.stream().map(SkippedComponent::resource).filter(r -> r.name().equals(name)).findFirst()
                    .orElse(null);
        }
    }

    /**
     * Creates and initialises one component that does not come from the resources folder (the
     * name resolver that the Configuration names), the way every other component starts: the same
     * metadata binding, {@code initTimeout} and wording of its failure.
     *
     * @throws StartupException naming the resource's source, name and cause
     */
    public Component startOne(ComponentResource r) {
        try {
            return initOne(r, context(), metadataResolver(), Map.of()).await().indefinitely().instance();
        } catch (RuntimeException e) {
            throw new StartupException(List.of(r.source() + ": " + r.name() + " (" + r.type() + "): " + describe(e)));
        }
    }

    private ComponentContext context() {
        String appId = config.appId().orElse("");
        return new ComponentContext(vertx, Clock.systemUTC(), appId, config.namespace().orElse(""),
                Path.of(config.dataDir()));
    }

    private MetadataResolver metadataResolver() {
        return new MetadataResolver(config.appId().orElse(""), config.namespace().orElse(""),
                config.podName().orElse(""), System::getenv);
    }

    private Resources readResources() {
        if (config.mode() == SidecarConfig.Mode.KUBERNETES) {
            resourcesOrigin = "Kubernetes API server, namespace " + kubernetes.namespace();
            Resources fromApi = kubernetes.load();
            return config.kubernetes().disableBuiltinSecretStore() ? fromApi : withBuiltinSecretStore(fromApi);
        }
        List<Path> paths = config.resourcesPaths().orElse(List.of()).stream().map(String::trim)
                .filter(s -> !s.isEmpty()).map(Path::of).toList();
        if (!paths.isEmpty()) {
            resourcesOrigin = paths.toString();
            return ResourceLoader.load(paths);
        }
        Path home = Path.of(config.homeComponentsPath());
        if (Files.isDirectory(home)) {
            resourcesOrigin = home.toString();
            return ResourceLoader.load(List.of(home));
        }
        resourcesOrigin = "embedded default (state.sqlite in " + config.dataDir() + ", pubsub.in-memory)";
        return DefaultResources.embedded(Path.of(config.dataDir()));
    }

    /**
     * daprd's built-in store in Kubernetes mode: {@code secretstores.kubernetes} named
     * {@code kubernetes}, the store of every {@code secretKeyRef} in a resource without
     * {@code auth.secretStore}. A Component of that name in the namespace takes its place.
     */
    private static Resources withBuiltinSecretStore(Resources resources) {
        if (resources.components().stream().anyMatch(r -> r.name().equals(KubernetesResources.BUILTIN_SECRET_STORE))) {
            return resources;
        }
        List<ComponentResource> components = new ArrayList<>();
        components.add(new ComponentResource("built-in (Kubernetes mode)", KubernetesResources.BUILTIN_SECRET_STORE,
                "secretstores.kubernetes", "v1", List.of(), null, List.of(), ResourceLoader.DEFAULT_INIT_TIMEOUT,
                false));
        components.addAll(resources.components());
        return new Resources(List.copyOf(components), resources.others());
    }

    /**
     * Two components of one name are a fault in the resources folder itself: daprd refuses it
     * whatever {@code ignoreErrors} says, so this one stops start-up before any component starts.
     */
    private static void checkNames(List<ComponentResource> inScope) {
        List<String> problems = new ArrayList<>();
        Map<String, ComponentResource> seen = new HashMap<>();
        for (ComponentResource r : inScope) {
            ComponentResource other = seen.putIfAbsent(r.name(), r);
            if (other != null) {
                problems.add("component name '" + r.name() + "' is used twice: in " + other.source() + " and in "
                        + r.source());
            }
        }
        if (!problems.isEmpty()) {
            throw new StartupException(problems);
        }
    }

    /**
     * A type or version this build does not have is an initialisation error of that one component,
     * as in daprd: {@code ignoreErrors} skips it like any other.
     */
    private ComponentRegistry.Created create(ComponentResource r) {
        if (!registry.has(r.type(), r.version())) {
            Map<String, String> known = registry.knownTypes();
            String versions = known.get(r.type());
            throw new IllegalArgumentException("field 'spec.type' " + (versions == null
                    ? "names unknown type '" + r.type() + "'; known types: " + known.keySet()
                    : "'" + r.type() + "' has no version '" + r.version() + "'; known versions: " + versions));
        }
        return registry.create(r.type(), r.version());
    }

    private Map<String, SecretStore> loadedSecretStores() {
        Map<String, SecretStore> secretStores = new LinkedHashMap<>();
        for (LiveComponent c : components.ofBlock("secretstores")) {
            secretStores.put(c.name(), (SecretStore) c.instance());
        }
        return secretStores;
    }

    private void initAll(List<ComponentResource> list, ComponentContext context, MetadataResolver resolver,
            List<String> problems) {
        Map<String, SecretStore> secretStores = loadedSecretStores();
        List<Uni<Void>> inits = new ArrayList<>();
        for (ComponentResource r : list) {
            inits.add(initOne(r, context, resolver, secretStores).onItemOrFailure().transform((live, failure) -> {
                if (failure == null) {
                    components.put(live);
                    return null;
                }
                String message = r.source() + ": Component '" + r.name() + "' (" + r.type() + "): "
                        + describe(failure);
                if (r.ignoreErrors()) {
                    // daprd: logged, left out of the metadata API, start-up goes on without it
                    LOG.warnf("%s (ignoreErrors is set: carrying on without it)", message);
                    synchronized (skipped) {
                        skipped.add(new SkippedComponent(r, describe(failure)));
                    }
                } else {
                    synchronized (problems) {
                        problems.add(message);
                    }
                }
                return null;
            }));
        }
        if (!inits.isEmpty()) {
            Uni.join().all(inits).andCollectFailures().await().indefinitely();
        }
    }

    private Uni<LiveComponent> initOne(ComponentResource r, ComponentContext context, MetadataResolver resolver,
            Map<String, SecretStore> secretStores) {
        ComponentRegistry.Created created;
        try {
            created = create(r);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        return resolver.resolve(r, secretStores).chain(values -> {
            ComponentMetadata.Bound bound = ComponentMetadata.bind(r.name(), values, created.schema(), RUNTIME_KEYS);
            bound.warnings().forEach(w -> LOG.warnf("%s: Component '%s': %s", r.source(), r.name(), w));
            boolean retried = resiliency.retriesOutbound(r.name(), r.block());
            if (retried) {
                LOG.infof(
                        "component '%s': a Resiliency retry policy applies; the component's own client retries are off",
                        r.name());
            }
            ComponentContext mine = context.withSidecarRetries(retried);
            return Uni.createFrom().deferred(() -> created.instance().init(bound.metadata(), mine))
                    .ifNoItem().after(r.initTimeout()).failWith(() -> new TimeoutException(
                            "init did not finish within spec.initTimeout (" + r.initTimeout().toMillis() + " ms)"))
                    .replaceWith(new LiveComponent(r, bound.metadata(), created.instance()))
                    .onFailure().call(() -> created.instance().close().onFailure().recoverWithNull());
        });
    }

    static String describe(Throwable failure) {
        return Causes.describe(failure);
    }

    /** Closes every component at shutdown. */
    void closeAll() {
        List<Uni<Void>> closes = new ArrayList<>();
        for (LiveComponent c : components.all()) {
            closes.add(Uni.createFrom().deferred(() -> c.instance().close()).onFailure().invoke(
                    e -> LOG.warnf("closing component '%s' failed: %s", c.name(), e.getMessage()))
                    .onFailure().recoverWithNull());
        }
        if (!closes.isEmpty()) {
            Uni.join().all(closes).andCollectFailures().await().atMost(Duration.ofSeconds(
                    Math.max(1, config.gracefulShutdownSeconds())));
        }
    }

    /**
     * Loads at start-up, whatever starts the application ({@code quaprd}'s main or a
     * {@code @QuarkusTest}). A {@link StartupException} thrown here fails the start itself:
     * the process exits 1 and {@code QuaprMain} prints its message, a test fails at boot. Before the
     * internal server (2500), which starts the name resolver through {@link #startOne}.
     */
    void onStart(@Observes @Priority(2000) StartupEvent event) {
        loadAll();
    }

    void onStop(@Observes ShutdownEvent event) {
        closeAll();
    }
}
