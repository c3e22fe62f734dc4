package io.quapr.sidecar.actors;

import com.fasterxml.jackson.databind.JsonNode;
import io.quapr.spi.GoDuration;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the app answers to {@code GET /dapr/config}, as daprd reads it: the actor types it hosts
 * ({@code entities}), {@code actorIdleTimeout}, {@code actorScanInterval},
 * {@code drainOngoingCallTimeout}, {@code drainRebalancedActors}, {@code reentrancy}
 * ({@code enabled}, {@code maxStackDepth}) and per-type overrides in {@code entitiesConfig}.
 * {@code remindersStoragePartitions} is read by daprd's old reminder store only; reminders live
 * on the job scheduler here, so it is ignored.
 *
 * @param entities the actor types the app hosts
 * @param scanInterval how often idle actors are looked for
 * @param drainRebalancedActors wait for calls under way before deactivating at shutdown
 * @param defaults the settings of types that have no override
 * @param perType the overrides of {@code entitiesConfig}, by type
 */
public record ActorAppConfig(Set<String> entities, Duration scanInterval, boolean drainRebalancedActors,
        TypeSettings defaults, Map<String, TypeSettings> perType) {

    /** daprd's default {@code drainOngoingCallTimeout}. */
    static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(1);
    /** daprd's default {@code reentrancy.maxStackDepth}. */
    static final int MAX_STACK_DEPTH = 32;

    /**
     * The settings of one actor type.
     *
     * @param idleTimeout how long an actor stays active without calls
     * @param drainTimeout how long calls under way may finish at shutdown
     * @param reentrant whether a call carrying the running turn's {@code Dapr-Reentrancy-Id} enters it
     * @param maxStackDepth how deep reentrant calls may nest
     */
    public record TypeSettings(Duration idleTimeout, Duration drainTimeout, boolean reentrant, int maxStackDepth) {
    }

    /** An app that hosts no actors (no {@code /dapr/config}, or a 404). */
    static ActorAppConfig none(Duration idleTimeout, Duration scanInterval) {
        return new ActorAppConfig(Set.of(), scanInterval, true, new TypeSettings(idleTimeout, DRAIN_TIMEOUT, false,
                MAX_STACK_DEPTH), Map.of());
    }

    /**
     * Reads the app's answer.
     *
     * @param idleTimeout the idle timeout when the app names none
     * @param scanInterval the scan interval when the app names none
     * @throws IllegalArgumentException naming the field that does not parse
     */
    static ActorAppConfig parse(JsonNode n, Duration idleTimeout, Duration scanInterval) {
        Set<String> entities = new LinkedHashSet<>();
        n.path("entities").forEach(e -> entities.add(e.asText()));
        TypeSettings defaults = settings(n, new TypeSettings(idleTimeout, DRAIN_TIMEOUT, false, MAX_STACK_DEPTH));
        Map<String, TypeSettings> perType = new LinkedHashMap<>();
        for (JsonNode c : n.path("entitiesConfig")) {
            TypeSettings s = settings(c, defaults);
            c.path("entities").forEach(e -> perType.put(e.asText(), s));
        }
        Duration scan = duration(n, "actorScanInterval", scanInterval);
        JsonNode drain = n.path("drainRebalancedActors");
        return new ActorAppConfig(Set.copyOf(entities), scan, drain.isMissingNode() || drain.isNull() || drain
                .asBoolean(true), defaults, Map.copyOf(perType));
    }

    /** The settings of a type. */
    TypeSettings of(String type) {
        return perType.getOrDefault(type, defaults);
    }

    /** Whether the app hosts the type. */
    boolean hosts(String type) {
        return entities.contains(type);
    }

    /** The hosted types in a stable order (metadata). */
    List<String> types() {
        return entities.stream().sorted().toList();
    }

    private static TypeSettings settings(JsonNode n, TypeSettings base) {
        Duration idle = duration(n, "actorIdleTimeout", base.idleTimeout());
        Duration drain = duration(n, "drainOngoingCallTimeout", base.drainTimeout());
        boolean reentrant = base.reentrant();
        int depth = base.maxStackDepth();
        JsonNode r = n.path("reentrancy");
        if (r.isObject()) {
            reentrant = r.path("enabled").asBoolean(false);
            JsonNode d = r.path("maxStackDepth");
            if (d.canConvertToInt() && d.asInt() > 0) {
                depth = d.asInt();
            }
        }
        return new TypeSettings(idle, drain, reentrant, depth);
    }

    private static Duration duration(JsonNode n, String field, Duration fallback) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull() || v.asText().isBlank()) {
            return fallback;
        }
        try {
            Duration d = GoDuration.parse(v.asText().trim());
            return d.isZero() || d.isNegative() ? fallback : d;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + field + " '" + v.asText() + "': " + e.getMessage(), e);
        }
    }
}
