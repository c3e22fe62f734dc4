package io.quapr.sidecar.resiliency;

import io.quapr.sidecar.expr.CelExpression;
import java.time.Duration;
import java.util.Set;

/**
 * A named circuit breaker template; each target gets its own breaker built from it. Defaults are
 * gobreaker's, as daprd uses it: {@code maxRequests} 1, {@code interval} 0 (counts never
 * cleared while closed), {@code timeout} 60s, {@code trip} {@code consecutiveFailures > 5}.
 *
 * @param name the policy's name
 * @param maxRequests calls let through while half-open; as many successes close it again
 * @param interval how often the counts are cleared while closed (zero: never)
 * @param timeout how long it stays open before going half-open
 * @param trip the CEL condition, evaluated after each failure while closed, that opens it
 */
public record BreakerPolicy(String name, int maxRequests, Duration interval, Duration timeout, CelExpression trip) {

    /** The variables a trip condition reads. */
    static final Set<String> COUNTS = Set.of("requests", "totalSuccesses", "totalFailures", "consecutiveSuccesses",
            "consecutiveFailures");

    /** gobreaker's default trip. */
    static final String DEFAULT_TRIP = "consecutiveFailures > 5";

    /** A short description for the metadata API and logs. */
    public String describe() {
        return "maxRequests " + maxRequests + ", interval " + interval.toMillis() + "ms, timeout " + timeout.toMillis()
                + "ms, trip " + trip.expression();
    }
}
