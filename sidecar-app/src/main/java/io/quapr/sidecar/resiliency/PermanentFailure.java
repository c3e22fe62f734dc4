package io.quapr.sidecar.resiliency;

/**
 * Wraps a failure that no retry can fix (an ETag mismatch, a message the app dropped, the sidecar
 * shutting down): the policy stops at once and the caller gets the wrapped cause back. The other
 * side did answer, so it does not count as a failure for the circuit breaker either.
 */
public final class PermanentFailure extends RuntimeException {

    /** @param cause the failure to hand back to the caller unchanged */
    public PermanentFailure(Throwable cause) {
        super(cause.getMessage(), cause, false, false);
    }
}
