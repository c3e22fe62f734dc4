package io.quapr.sidecar.resiliency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.quapr.sidecar.StartupException;
import io.quapr.sidecar.components.OtherResource;
import io.quapr.sidecar.expr.CelExpression;
import io.quapr.spi.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Reads the {@code Resiliency} resources (dapr.io/v1alpha1) in scope of this app into
 * {@link ResiliencyPolicies}. Fields daprd's schema does not have are ignored, as daprd ignores
 * them; anything daprd would reject (a bad duration, policy type, status code range or CEL trip)
 * and, beyond daprd, a target naming a policy that no resource defines, is a start-up problem
 * naming the file, the resource and the field.
 */
public final class ResiliencyParser {

    private static final Logger LOG = Logger.getLogger(ResiliencyParser.class);

    private final List<String> problems = new ArrayList<>();
    private final List<String> resources = new ArrayList<>();
    private final Map<String, Duration> timeouts = new LinkedHashMap<>();
    private final Map<String, RetryPolicy> retries = new LinkedHashMap<>(BuiltInRetries.all());
    private final Map<String, BreakerPolicy> breakers = new LinkedHashMap<>();
    private final Map<String, PolicyNames> apps = new LinkedHashMap<>();
    private final Map<String, ResiliencyPolicies.ComponentTargets> components = new LinkedHashMap<>();
    private final Map<String, PolicyNames> topics = new LinkedHashMap<>();
    private final Map<String, PolicyNames> actors = new LinkedHashMap<>();
    private final Map<String, ResiliencyPolicies.ActorBreakers> actorBreakers = new LinkedHashMap<>();
    private final List<Reference> references = new ArrayList<>();

    /** A policy name a target uses, checked once every resource is read. */
    private record Reference(String where, String kind, String name) {
    }

    private ResiliencyParser() {
    }

    /**
     * Parses the resources.
     *
     * @param all every {@code Resiliency} resource read, in file order
     * @param appId this sidecar's app id, for {@code scopes}
     * @throws StartupException listing every problem
     */
    public static ResiliencyPolicies parse(List<OtherResource> all, String appId) {
        ResiliencyParser p = new ResiliencyParser();
        for (OtherResource r : all) {
            if (r.scopes().isEmpty() || r.scopes().contains(appId)) {
                p.read(r);
            }
        }
        p.checkReferences();
        if (!p.problems.isEmpty()) {
            throw new StartupException(p.problems);
        }
        return new ResiliencyPolicies(p.resources, p.timeouts, p.retries, p.breakers, p.apps, p.components, p.topics,
                p.actors, p.actorBreakers);
    }

    private void read(OtherResource r) {
        String at = r.source() + ": Resiliency '" + r.name() + "': ";
        resources.add(r.name());
        JsonNode spec = r.spec() == null ? MissingNode.getInstance() : r.spec();
        JsonNode policies = spec.path("policies");
        each(policies.path("timeouts"), at + "spec.policies.timeouts", (name, v) -> {
            Duration d = duration(v, at + "spec.policies.timeouts." + name);
            if (d != null) {
                timeouts.put(name, d);
            }
        });
        each(policies.path("retries"), at + "spec.policies.retries",
                (name, v) -> retry(at + "spec.policies.retries." + name, name, v));
        each(policies.path("circuitBreakers"), at + "spec.policies.circuitBreakers",
                (name, v) -> breaker(at + "spec.policies.circuitBreakers." + name, name, v));
        JsonNode targets = spec.path("targets");
        each(targets.path("apps"), at + "spec.targets.apps",
                (name, v) -> apps.put(name, names(at + "spec.targets.apps." + name, v)));
        each(targets.path("actors"), at + "spec.targets.actors",
                (name, v) -> actor(at + "spec.targets.actors." + name, name, v));
        each(targets.path("components"), at + "spec.targets.components",
                (name, v) -> component(at + "spec.targets.components." + name, name, v));
    }

    private void retry(String field, String name, JsonNode v) {
        RetryPolicy d = RetryPolicy.defaults(name);
        boolean exponential = false;
        String policy = text(v, "policy", field);
        if (policy != null && !policy.isEmpty()) {
            switch (policy.toLowerCase(Locale.ROOT)) {
                case "constant" -> exponential = false;
                case "exponential" -> exponential = true;
                default -> problems.add(field + ".policy: unexpected back off policy type: " + policy);
            }
        }
        Duration duration = optionalDuration(v, "duration", field, d.duration());
        Duration maxInterval = optionalDuration(v, "maxInterval", field, d.maxInterval());
        long maxRetries = d.maxRetries();
        JsonNode mr = v.get("maxRetries");
        if (mr != null && !mr.isNull()) {
            if (mr.canConvertToLong() && mr.isIntegralNumber()) {
                maxRetries = mr.longValue();
            } else {
                problems.add(field + ".maxRetries: not an integer: " + mr);
            }
        }
        StatusCodeRanges http = StatusCodeRanges.ALL;
        StatusCodeRanges grpc = StatusCodeRanges.ALL;
        JsonNode matching = v.path("matching");
        try {
            http = StatusCodeRanges.parse(text(matching, "httpStatusCodes", field + ".matching"), 100, 599);
        } catch (IllegalArgumentException e) {
            problems.add(field + ".matching.httpStatusCodes: " + e.getMessage());
        }
        try {
            grpc = StatusCodeRanges.parse(text(matching, "gRPCStatusCodes", field + ".matching"), 0, 16);
        } catch (IllegalArgumentException e) {
            problems.add(field + ".matching.gRPCStatusCodes: " + e.getMessage());
        }
        RetryPolicy p = new RetryPolicy(name, exponential, duration, d.initialInterval(), d.multiplier(),
                d.randomization(), maxInterval, d.maxElapsed(), maxRetries, http, grpc);
        if (BuiltInRetries.isProtected(name)) {
            LOG.warnf("%s: %s is protected and cannot be overridden; the built-in is used", field, name);
            return;
        }
        if (BuiltInRetries.isBuiltIn(name) && (maxRetries >= 0 && maxRetries < 3)) {
            LOG.warnf("%s: an override of %s needs at least 3 retries; using 3", field, name);
            p = p.withMaxRetries(3);
        }
        retries.put(name, p);
    }

    private void breaker(String field, String name, JsonNode v) {
        int maxRequests = 1;
        JsonNode mr = v.get("maxRequests");
        if (mr != null && !mr.isNull()) {
            if (mr.isIntegralNumber() && mr.canConvertToInt() && mr.intValue() >= 0) {
                maxRequests = Math.max(1, mr.intValue());
            } else {
                problems.add(field + ".maxRequests: not a non-negative integer: " + mr);
            }
        }
        Duration interval = optionalDuration(v, "interval", field, Duration.ZERO);
        Duration timeout = optionalDuration(v, "timeout", field, Duration.ZERO);
        if (interval.isNegative()) {
            interval = Duration.ZERO;
        }
        if (timeout.isZero() || timeout.isNegative()) {
            timeout = Duration.ofSeconds(60);
        }
        String trip = text(v, "trip", field);
        CelExpression expression;
        try {
            expression = CelExpression.compile(trip == null || trip.isBlank() ? BreakerPolicy.DEFAULT_TRIP : trip,
                    BreakerPolicy.COUNTS);
        } catch (IllegalArgumentException e) {
            problems.add(field + ".trip: invalid CEL expression '" + trip + "': " + e.getMessage());
            return;
        }
        breakers.put(name, new BreakerPolicy(name, maxRequests, interval, timeout, expression));
    }

    private void actor(String field, String name, JsonNode v) {
        PolicyNames n = names(field, v);
        String scope = text(v, "circuitBreakerScope", field);
        if (n.circuitBreaker() != null) {
            if (scope == null || scope.isEmpty()) {
                problems.add(field + ".circuitBreakerScope: actor circuit breakers must include scope");
            } else if (!List.of("type", "id", "both").contains(scope)) {
                problems.add(field + ".circuitBreakerScope: unknown circuit breaker scope \"" + scope + "\"");
            }
        }
        actors.put(name, n);
        int cacheSize = v.path("circuitBreakerCacheSize").asInt(0);
        actorBreakers.put(name, new ResiliencyPolicies.ActorBreakers("type".equals(scope), cacheSize > 0
                ? cacheSize
                : ResiliencyPolicies.ActorBreakers.DEFAULT_CACHE_SIZE));
    }

    private void component(String field, String name, JsonNode v) {
        int slash = name.indexOf('/');
        if (slash > 0 && slash < name.length() - 1) {
            if (v.has("outbound")) {
                problems.add(field + ".outbound: a per-topic target (<pubsub>/<topic>) takes an inbound policy only");
            }
            topics.put(name, names(field + ".inbound", v.path("inbound")));
            return;
        }
        PolicyNames in = v.has("inbound") ? names(field + ".inbound", v.path("inbound")) : null;
        PolicyNames out = v.has("outbound") ? names(field + ".outbound", v.path("outbound")) : null;
        components.put(name, new ResiliencyPolicies.ComponentTargets(in, out));
    }

    private PolicyNames names(String field, JsonNode v) {
        String timeout = emptyToNull(text(v, "timeout", field));
        String retry = emptyToNull(text(v, "retry", field));
        String breaker = emptyToNull(text(v, "circuitBreaker", field));
        if (timeout != null) {
            references.add(new Reference(field + ".timeout", "timeout", timeout));
        }
        if (retry != null) {
            references.add(new Reference(field + ".retry", "retry", retry));
        }
        if (breaker != null) {
            references.add(new Reference(field + ".circuitBreaker", "circuitBreaker", breaker));
        }
        return new PolicyNames(timeout, retry, breaker);
    }

    private void checkReferences() {
        for (Reference r : references) {
            Map<String, ?> defined = switch (r.kind()) {
                case "timeout" -> timeouts;
                case "retry" -> retries;
                default -> breakers;
            };
            if (!defined.containsKey(r.name())) {
                problems.add(r.where() + ": unknown " + r.kind() + " policy '" + r.name() + "'");
            }
        }
    }

    private Duration optionalDuration(JsonNode v, String key, String field, Duration dflt) {
        JsonNode n = v.get(key);
        if (n == null || n.isNull() || (n.isTextual() && n.textValue().isEmpty())) {
            return dflt;
        }
        Duration d = duration(n, field + "." + key);
        return d == null ? dflt : d;
    }

    /** daprd's {@code parseDuration}: a plain integer is milliseconds, otherwise Go syntax. */
    private Duration duration(JsonNode n, String field) {
        if (n.isIntegralNumber()) {
            return Duration.ofMillis(n.longValue());
        }
        String s = n.isTextual() ? n.textValue().trim() : null;
        if (s != null && s.matches("-?\\d+")) {
            return Duration.ofMillis(Long.parseLong(s));
        }
        try {
            if (s == null || s.isEmpty()) {
                throw new IllegalArgumentException("invalid duration '" + n.asText() + "'");
            }
            return GoDuration.parse(s);
        } catch (IllegalArgumentException e) {
            problems.add(field + ": invalid duration '" + n.asText() + "'");
            return null;
        }
    }

    private String text(JsonNode v, String key, String field) {
        JsonNode n = v.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isValueNode()) {
            problems.add(field + "." + key + ": expected a string");
            return null;
        }
        return n.asText();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private void each(JsonNode map, String field, BiConsumer<String, JsonNode> f) {
        if (map.isMissingNode() || map.isNull()) {
            return;
        }
        if (!map.isObject()) {
            problems.add(field + ": expected a map, got: " + map);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            f.accept(e.getKey(), e.getValue() == null
                    ? MissingNode.getInstance()
                    : e.getValue());
        }
    }
}
