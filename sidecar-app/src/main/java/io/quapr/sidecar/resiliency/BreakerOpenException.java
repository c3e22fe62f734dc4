package io.quapr.sidecar.resiliency;

/**
 * A call refused by a circuit breaker without being made: it is open, or half-open with its
 * trial calls already under way. The messages are daprd's (gobreaker's), since they end up in
 * the error message returned to the app. Never retried.
 */
public final class BreakerOpenException extends RuntimeException {

    private BreakerOpenException(String message) {
        super(message, null, false, false);
    }

    /** The breaker is open. */
    static BreakerOpenException open() {
        return new BreakerOpenException("circuit breaker is open");
    }

    /** The breaker is half-open and lets no more trial calls through. */
    static BreakerOpenException tooManyRequests() {
        return new BreakerOpenException("too many requests");
    }
}
