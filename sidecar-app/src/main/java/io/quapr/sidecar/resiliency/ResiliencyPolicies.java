package io.quapr.sidecar.resiliency;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every Resiliency resource in scope, merged as daprd merges them (a later definition of a name
 * replaces an earlier one), and the resolution of a target to its policies in daprd's order:
 * a target listed under {@code targets} uses exactly the names it lists (no defaults mixed in);
 * any other target takes, for each of timeout, retry and circuit breaker separately, the first
 * default policy that exists, from the most specific name to the least:
 * <ul>
 * <li>components: {@code Default<Type>Component<Direction><Kind>Policy} (e.g.
 * {@code DefaultStatestoreComponentOutboundRetryPolicy}), {@code DefaultComponent<Direction><Kind>Policy},
 * {@code DefaultComponent<Kind>Policy}, {@code Default<Kind>Policy};</li>
 * <li>apps: {@code DefaultApp<Kind>Policy}, {@code Default<Kind>Policy};</li>
 * <li>actors: {@code DefaultActor<Kind>Policy}, {@code Default<Kind>Policy}.</li>
 * </ul>
 * Beyond daprd, a {@code targets.components} key {@code <pubsub>/<topic>} sets the inbound
 * policy of one topic of a pub/sub; daprd reads it as a component that does not exist.
 */
public final class ResiliencyPolicies {

    /** No Resiliency resource: only the built-in retries. */
    public static final ResiliencyPolicies NONE = new ResiliencyPolicies(List.of(), Map.of(),
            BuiltInRetries.all(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

    /**
     * A component's two directions; null when the direction is not listed.
     *
     * @param inbound sidecar to app (delivery)
     * @param outbound sidecar to the component
     */
    public record ComponentTargets(PolicyNames inbound, PolicyNames outbound) {
    }

    final List<String> resources;
    final Map<String, Duration> timeouts;
    final Map<String, RetryPolicy> retries;
    final Map<String, BreakerPolicy> breakers;
    final Map<String, PolicyNames> apps;
    final Map<String, ComponentTargets> components;
    final Map<String, PolicyNames> topics;
    final Map<String, PolicyNames> actors;
    final Map<String, ActorBreakers> actorBreakers;

    /**
     * How an actor type's circuit breakers are kept.
     *
     * @param perType one breaker for the whole type ({@code circuitBreakerScope: type}); otherwise
     *        one per actor ({@code id}, and {@code both}, which daprd keys per actor too)
     * @param cacheSize how many actors' breakers are kept, the least recently used dropped first
     *        ({@code circuitBreakerCacheSize}, daprd's 5000 by default)
     */
    public record ActorBreakers(boolean perType, int cacheSize) {

        /** daprd's default {@code circuitBreakerCacheSize} for actors. */
        public static final int DEFAULT_CACHE_SIZE = 5000;
    }

    ResiliencyPolicies(List<String> resources, Map<String, Duration> timeouts, Map<String, RetryPolicy> retries,
            Map<String, BreakerPolicy> breakers, Map<String, PolicyNames> apps,
            Map<String, ComponentTargets> components,
            Map<String, PolicyNames> topics, Map<String, PolicyNames> actors,
            Map<String, ActorBreakers> actorBreakers) {
        this.resources = List.copyOf(resources);
        this.timeouts = Map.copyOf(timeouts);
        this.retries = Map.copyOf(retries);
        this.breakers = Map.copyOf(breakers);
        this.apps = new LinkedHashMap<>(apps);
        this.components = new LinkedHashMap<>(components);
        this.topics = new LinkedHashMap<>(topics);
        this.actors = new LinkedHashMap<>(actors);
        this.actorBreakers = Map.copyOf(actorBreakers);
    }

    /** The names of the Resiliency resources in force. */
    public List<String> resources() {
        return resources;
    }

    /** The policies for calls to another app ({@code apps.<appId>}). */
    public ResolvedPolicy app(String appId) {
        PolicyNames names = apps.get(appId);
        return resolve("apps." + appId, names != null ? names : defaults(List.of("App")));
    }

    /** The policies for calls to an actor type ({@code actors.<type>}). */
    public ResolvedPolicy actor(String actorType) {
        PolicyNames names = actors.get(actorType);
        return resolve("actors." + actorType, names != null ? names : defaults(List.of("Actor")));
    }

    /** How the type's circuit breakers are kept (per actor, 5000 at most, when the target does not say). */
    public ActorBreakers actorBreakers(String actorType) {
        return actorBreakers.getOrDefault(actorType, new ActorBreakers(false, ActorBreakers.DEFAULT_CACHE_SIZE));
    }

    /**
     * The policies for calls from the sidecar to a component ({@code components.<name>.outbound}).
     *
     * @param name the component's name
     * @param block the component's block ({@code state}, {@code pubsub}, {@code secretstores}, ...)
     */
    public ResolvedPolicy componentOutbound(String name, String block) {
        ComponentTargets t = components.get(name);
        return resolve("components." + name + ".outbound",
                t != null ? orNone(t.outbound()) : defaults(componentLevels(block, "Outbound")));
    }

    /**
     * The policies for delivering a component's messages to the app ({@code components.<name>.inbound}),
     * or those of one topic when {@code components.<pubsub>/<topic>} is listed.
     *
     * @param name the component's name
     * @param block the component's block ({@code pubsub}, {@code bindings})
     * @param topic the topic, or null
     */
    public ResolvedPolicy componentInbound(String name, String block, String topic) {
        if (topic != null) {
            PolicyNames perTopic = topics.get(name + "/" + topic);
            if (perTopic != null) {
                return resolve("components." + name + "/" + topic + ".inbound", perTopic);
            }
        }
        ComponentTargets t = components.get(name);
        return resolve("components." + name + ".inbound",
                t != null ? orNone(t.inbound()) : defaults(componentLevels(block, "Inbound")));
    }

    /**
     * A built-in retry ({@code DaprBuiltInServiceRetries}, ...), as overridden by the YAML.
     *
     * @return the policy, or null for an unknown name
     */
    public RetryPolicy builtIn(String name) {
        return retries.get(name);
    }

    private ResolvedPolicy resolve(String target, PolicyNames names) {
        return new ResolvedPolicy(target, names, names.timeout() == null ? null : timeouts.get(names.timeout()),
                names.retry() == null ? null : retries.get(names.retry()),
                names.circuitBreaker() == null ? null : breakers.get(names.circuitBreaker()));
    }

    private static PolicyNames orNone(PolicyNames n) {
        return n == null ? PolicyNames.NONE : n;
    }

    private PolicyNames defaults(List<String> levels) {
        return new PolicyNames(first(levels, "Timeout", timeouts), first(levels, "Retry", retries),
                first(levels, "CircuitBreaker", breakers));
    }

    private static String first(List<String> levels, String kind, Map<String, ?> defined) {
        for (String level : levels) {
            String name = "Default" + level + kind + "Policy";
            if (defined.containsKey(name)) {
                return name;
            }
        }
        String top = "Default" + kind + "Policy";
        return defined.containsKey(top) ? top : null;
    }

    /** daprd's levels for a component: most specific first. */
    static List<String> componentLevels(String block, String direction) {
        return List.of(componentType(block) + "Component" + direction, "Component" + direction, "Component");
    }

    /** daprd's name of a component type in default policy names. */
    static String componentType(String block) {
        return switch (block) {
            case "state" -> "Statestore";
            case "pubsub" -> "Pubsub";
            case "secretstores" -> "Secretstore";
            case "bindings" -> "Binding";
            case "configuration" -> "Configuration";
            case "lock" -> "Lock";
            case "crypto" -> "Crypto";
            case "conversation" -> "Conversation";
            default -> Character.toUpperCase(block.charAt(0)) + block.substring(1);
        };
    }
}
