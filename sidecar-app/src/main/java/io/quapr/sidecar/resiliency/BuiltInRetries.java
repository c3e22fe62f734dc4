package io.quapr.sidecar.resiliency;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * daprd's built-in retry policies: they cover retries daprd makes on its own (service
 * invocation to another sidecar, actors, initialisation) and a Resiliency resource may override
 * them by defining a retry of the same name, with at least 3 retries;
 * {@code DaprBuiltInActorNotFoundRetries} cannot be overridden.
 */
public final class BuiltInRetries {

    /** Retries of a call to another sidecar that could not be reached. */
    public static final String SERVICE = "DaprBuiltInServiceRetries";
    /** Retries of a call to a remote actor. */
    public static final String ACTOR = "DaprBuiltInActorRetries";
    /** Retries of actor reminder operations. */
    public static final String ACTOR_REMINDER = "DaprBuiltInActorReminderRetries";
    /** Retries while the sidecar initialises (e.g. reading the app's subscriptions). */
    public static final String INITIALIZATION = "DaprBuiltInInitializationRetries";
    /** Retries of a call to an actor that moved; protected. */
    public static final String ACTOR_NOT_FOUND = "DaprBuiltInActorNotFoundRetries";

    private BuiltInRetries() {
    }

    /** The built-ins with daprd's settings. */
    static Map<String, RetryPolicy> all() {
        Map<String, RetryPolicy> m = new LinkedHashMap<>();
        m.put(SERVICE, RetryPolicy.constant(SERVICE, Duration.ofSeconds(1), 3));
        m.put(ACTOR, RetryPolicy.constant(ACTOR, Duration.ofSeconds(1), 3));
        RetryPolicy d = RetryPolicy.defaults(ACTOR_REMINDER);
        m.put(ACTOR_REMINDER, new RetryPolicy(ACTOR_REMINDER, true, d.duration(), Duration.ofMillis(500), 1.5, 0.5,
                Duration.ofSeconds(60), Duration.ofMinutes(15), -1, StatusCodeRanges.ALL, StatusCodeRanges.ALL));
        m.put(INITIALIZATION, new RetryPolicy(INITIALIZATION, true, Duration.ofSeconds(2), Duration.ofMillis(500), 1.5,
                0.5, Duration.ofSeconds(1), Duration.ofSeconds(10), 3, StatusCodeRanges.ALL, StatusCodeRanges.ALL));
        m.put(ACTOR_NOT_FOUND, RetryPolicy.constant(ACTOR_NOT_FOUND, Duration.ofSeconds(1), 5));
        return m;
    }

    /** Whether a name is a built-in. */
    static boolean isBuiltIn(String name) {
        return name.startsWith("DaprBuiltIn") && all().containsKey(name);
    }

    /** Whether a built-in cannot be overridden. */
    static boolean isProtected(String name) {
        return ACTOR_NOT_FOUND.equals(name);
    }
}
