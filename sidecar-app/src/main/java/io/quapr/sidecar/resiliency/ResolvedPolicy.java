package io.quapr.sidecar.resiliency;

import java.time.Duration;

/**
 * The policies in force for one target after daprd's resolution (the target's own names, else
 * the default policy names); any part may be absent.
 *
 * @param target the target as written in the YAML ({@code components.redis.outbound}, {@code apps.b})
 * @param names the policy names used, for the metadata API
 * @param timeout the timeout of each attempt, or null
 * @param retry the retry policy, or null
 * @param breaker the circuit breaker template, or null
 */
public record ResolvedPolicy(String target, PolicyNames names, Duration timeout, RetryPolicy retry,
        BreakerPolicy breaker) {

    /** Whether nothing applies. */
    public boolean isEmpty() {
        return timeout == null && retry == null && breaker == null;
    }
}
