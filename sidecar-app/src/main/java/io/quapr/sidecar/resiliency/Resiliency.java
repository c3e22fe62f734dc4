package io.quapr.sidecar.resiliency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.components.ComponentReloaded;
import io.quapr.sidecar.components.LiveComponent;
import io.quapr.sidecar.components.OtherResource;
import io.quapr.sidecar.telemetry.Telemetry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The resiliency policies in force: the {@code Resiliency} resources read at start-up, resolved
 * per target into a {@link PolicyRunner} built once and cached (one retry guard and one circuit
 * breaker per target, never per call). Component calls get theirs through {@code ComponentCall},
 * pub/sub delivery through {@link #inbound}, service invocation through {@link #app}.
 */
@ApplicationScoped
public class Resiliency {

    private static final Logger LOG = Logger.getLogger(Resiliency.class);

    /** The extended metadata attribute that shows the policies in force. */
    public static final String METADATA_KEY = "quapr.resiliency";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How many app endpoints keep a circuit breaker each, per app (daprd's default cache size). */
    private static final int ENDPOINT_BREAKERS = 100;

    @Inject
    SidecarConfig config;

    @Inject
    Telemetry telemetry;

    private volatile ResiliencyPolicies policies = ResiliencyPolicies.NONE;
    private final Map<String, PolicyRunner> runners = new ConcurrentHashMap<>();
    private final Map<String, PolicyRunner> outbound = new ConcurrentHashMap<>();
    private final Map<String, Map<String, CircuitBreaker>> endpointBreakers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, CircuitBreaker>> actorBreakers = new ConcurrentHashMap<>();

    /**
     * Puts the Resiliency resources read at start-up in force. {@code ComponentLoader} calls it
     * before it initialises the components, which must know whether the sidecar retries their
     * operations.
     *
     * @param resources the {@code Resiliency} resources of the resources paths
     * @throws io.quapr.sidecar.StartupException naming file, target and field of what is invalid
     */
    public void start(List<OtherResource> resources) {
        load(ResiliencyParser.parse(resources, config.appId().orElse("")));
    }

    /**
     * Whether a retry policy applies to a component's operations ({@code components.<name>.outbound}
     * or a default retry): the component's client then does not retry too.
     *
     * @param name the component's name
     * @param block its block ({@code state}, {@code pubsub}, ...)
     */
    public boolean retriesOutbound(String name, String block) {
        return policies.componentOutbound(name, block).retry() != null;
    }

    /** Puts policies in force (start-up, and tests). */
    void load(ResiliencyPolicies loaded) {
        policies = loaded;
        runners.clear();
        outbound.clear();
        endpointBreakers.clear();
        actorBreakers.clear();
        for (String name : loaded.resources()) {
            LOG.infof("Loading Resiliency configuration: %s", name);
        }
    }

    /** The policies in force. */
    public ResiliencyPolicies policies() {
        return policies;
    }

    /** A component replaced or taken out while running: its runner is made again from its new type. */
    void onReload(@Observes ComponentReloaded reloaded) {
        outbound.remove(reloaded.name());
    }

    /**
     * The runner for calls from the sidecar to a component ({@code components.<name>.outbound}).
     */
    public PolicyRunner outbound(LiveComponent component) {
        // the hot path: one lookup by name, no key built per call
        PolicyRunner r = outbound.get(component.name());
        if (r != null) {
            return r;
        }
        return outbound.computeIfAbsent(component.name(), name -> {
            String block = component.resource().block();
            return runner(policies.componentOutbound(name, block), metrics("outbound",
                    Telemetry.resiliencyComponentTarget(name, ResiliencyPolicies.componentType(block))));
        });
    }

    /**
     * The runner for delivering one topic's messages of a pub/sub (or binding) to the app
     * ({@code components.<name>.inbound}, or the per-topic {@code components.<name>/<topic>}).
     *
     * @param name the component's name
     * @param block its block ({@code pubsub}, {@code bindings})
     * @param topic the topic, or null
     * @param fallback the retry to use when no policy at all applies (null: none)
     */
    public PolicyRunner inbound(String name, String block, String topic, RetryPolicy fallback) {
        return runners.computeIfAbsent("in:" + name + "/" + (topic == null ? "" : topic), k -> {
            ResolvedPolicy p = policies.componentInbound(name, block, topic);
            if (p.isEmpty() && fallback != null) {
                // Quapr's built-in delivery retry: no Resiliency policy, so no resiliency metrics (as daprd)
                return runner(new ResolvedPolicy(p.target(), new PolicyNames(null, fallback.name(), null), null,
                        fallback, null), null);
            }
            return runner(p, metrics("inbound",
                    Telemetry.resiliencyComponentTarget(name, ResiliencyPolicies.componentType(block))));
        });
    }

    /**
     * Runs a call to another app's method ({@code apps.<appId>}) under that app's policies: its
     * timeout and retry, and a circuit breaker per app and method (as daprd keys them), for the
     * 100 most recently used methods of each app.
     *
     * @param appId the target app
     * @param method the method invoked (the breaker's key within the app)
     * @param call the call, invoked once per attempt; a failure carrying a status code implements
     *        {@link StatusCoded} so the retry's {@code matching} can decide
     */
    public <T> Uni<T> app(String appId, String method, Supplier<Uni<T>> call) {
        return appRunner(appId, method).run(call);
    }

    /** The runner {@link #app} uses. */
    public PolicyRunner appRunner(String appId, String method) {
        PolicyRunner shared = runners.get("app:" + appId);
        if (shared == null) {
            ResolvedPolicy resolved = policies.app(appId);
            shared = runners.computeIfAbsent("app:" + appId, k -> resolved.isEmpty()
                    ? PolicyRunner.NONE
                    : new PolicyRunner(resolved, null, metrics("outbound", Telemetry.resiliencyAppTarget(appId))));
        }
        ResolvedPolicy p = shared.policy();
        if (p.breaker() == null) {
            return shared;
        }
        Map<String, CircuitBreaker> breakers = endpointBreakers.computeIfAbsent(appId, k -> lru(ENDPOINT_BREAKERS));
        PolicyMetrics metrics = shared.metrics();
        CircuitBreaker b = breakers.computeIfAbsent(appId + ":" + method,
                k -> breaker(p.breaker().name() + "-" + k, p.breaker(), metrics));
        // the runner (and its retry guard) is per app; only the breaker differs per method
        return shared.withBreaker(b);
    }

    /**
     * The runner for calling an actor before its turn is taken ({@code actors.<type>}): the
     * retry and the circuit breaker, as daprd's pre-lock policy. The breaker is the type's
     * ({@code circuitBreakerScope: type}) or the actor's own, for the type's
     * {@code circuitBreakerCacheSize} most recently called actors. The timeout applies to each
     * call to the app, inside the turn ({@link #actorTimeout}).
     */
    public PolicyRunner actorRunner(String actorType, String actorId) {
        PolicyRunner shared = runners.get("actor:" + actorType);
        if (shared == null) {
            ResolvedPolicy all = policies.actor(actorType);
            ResolvedPolicy preLock = new ResolvedPolicy(all.target(), all.names(), null, all.retry(), all.breaker());
            shared = runners.computeIfAbsent("actor:" + actorType, k -> preLock.isEmpty()
                    ? PolicyRunner.NONE
                    : runner(preLock, metrics("outbound", Telemetry.resiliencyActorTarget(actorType))));
        }
        ResolvedPolicy p = shared.policy();
        if (p.breaker() == null) {
            return shared;
        }
        ResiliencyPolicies.ActorBreakers scope = policies.actorBreakers(actorType);
        if (scope.perType()) {
            return shared;
        }
        Map<String, CircuitBreaker> breakers = actorBreakers.computeIfAbsent(actorType, k -> lru(scope.cacheSize()));
        PolicyMetrics metrics = shared.metrics();
        String key = actorType + "-" + actorId;
        return shared.withBreaker(breakers.computeIfAbsent(key, k -> breaker(p.breaker().name() + "-" + k, p
                .breaker(), metrics)));
    }

    /** The timeout of one call to the app in an actor's turn ({@code actors.<type>}), if any. */
    public Optional<Duration> actorTimeout(String actorType) {
        Duration t = policies.actor(actorType).timeout();
        return t == null || t.isZero() || t.isNegative() ? Optional.empty() : Optional.of(t);
    }

    /** A map of breakers that keeps the most recently used ones, up to the size given. */
    private static Map<String, CircuitBreaker> lru(int size) {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CircuitBreaker> eldest) {
                return size() > size;
            }
        });
    }

    /** A built-in retry policy ({@link BuiltInRetries}) as the YAML may have overridden it. */
    public RetryPolicy builtInRetry(String name) {
        return policies.builtIn(name);
    }

    /**
     * Runs a call under a built-in retry ({@link BuiltInRetries}), as the YAML may have
     * overridden it.
     */
    public <T> Uni<T> builtIn(String name, Supplier<Uni<T>> call) {
        return runners.computeIfAbsent("builtin:" + name, k -> {
            RetryPolicy r = policies.builtIn(name);
            return new PolicyRunner(new ResolvedPolicy(name, new PolicyNames(null, name, null), null, r, null), null,
                    null);
        }).run(call);
    }

    /**
     * What is in force, for {@code GET /v1.0/metadata}: the resources, and each target listed in
     * them with the policies it resolved to (default policies apply to the targets not listed).
     */
    public Map<String, Object> describe() {
        ResiliencyPolicies p = policies;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("resources", p.resources());
        Map<String, Object> targets = new TreeMap<>();
        p.apps.keySet().forEach(a -> targets.put("apps." + a, describe(p.app(a))));
        p.actors.keySet().forEach(a -> targets.put("actors." + a, describe(p.actor(a))));
        p.components.forEach((name, t) -> {
            if (t.inbound() != null) {
                targets.put("components." + name + ".inbound", describe(p.componentInbound(name, "", null)));
            }
            if (t.outbound() != null) {
                targets.put("components." + name + ".outbound", describe(p.componentOutbound(name, "")));
            }
        });
        p.topics.keySet().forEach(key -> {
            int slash = key.indexOf('/');
            targets.put("components." + key + ".inbound",
                    describe(p.componentInbound(key.substring(0, slash), "pubsub", key.substring(slash + 1))));
        });
        out.put("targets", targets);
        Map<String, Object> breakers = new TreeMap<>();
        Stream.concat(runners.values().stream(), outbound.values().stream()).forEach(r -> {
            if (r.breaker() != null) {
                breakers.put(r.policy().target(), r.breaker().state().toString());
            }
        });
        out.put("circuitBreakers", breakers);
        return out;
    }

    /**
     * {@link #describe()} as JSON, or null when no Resiliency resource is in force. The metadata
     * API shows it as the extended attribute {@value #METADATA_KEY} (daprd shows no resiliency).
     */
    public String describeJson() {
        if (policies.resources().isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(describe());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> describe(ResolvedPolicy r) {
        Map<String, String> m = new LinkedHashMap<>();
        if (r.timeout() != null) {
            m.put("timeout", r.names().timeout() + " (" + r.timeout().toMillis() + "ms)");
        }
        if (r.retry() != null) {
            m.put("retry", r.names().retry() + " (" + r.retry().describe() + ")");
        }
        if (r.breaker() != null) {
            m.put("circuitBreaker", r.names().circuitBreaker() + " (" + r.breaker().describe() + ")");
        }
        return m;
    }

    private static PolicyRunner runner(ResolvedPolicy p, PolicyMetrics metrics) {
        if (p.isEmpty()) {
            return PolicyRunner.NONE;
        }
        CircuitBreaker b = p.breaker() == null
                ? null
                : breaker(p.breaker().name() + "-" + p.target(), p.breaker(), metrics);
        return new PolicyRunner(p, b, metrics);
    }

    /** A breaker whose states go to the target's {@code dapr_resiliency_cb_state} gauge, if it has metrics. */
    private static CircuitBreaker breaker(String name, BreakerPolicy policy, PolicyMetrics metrics) {
        return metrics == null
                ? new CircuitBreaker(name, policy, System::nanoTime)
                : new CircuitBreaker(name, policy, System::nanoTime, metrics::breakerState);
    }

    /**
     * The metrics of one target; the {@code name} label is the last Resiliency resource read, as
     * daprd labels it (it decodes every resource into one set of policies and keeps the last name).
     */
    private PolicyMetrics metrics(String direction, String target) {
        List<String> names = policies.resources();
        return names.isEmpty() ? null : new PolicyMetrics(telemetry, names.get(names.size() - 1), direction, target);
    }
}
