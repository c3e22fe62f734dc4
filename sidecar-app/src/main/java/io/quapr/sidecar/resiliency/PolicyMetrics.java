package io.quapr.sidecar.resiliency;

import io.quapr.sidecar.telemetry.Telemetry;

/**
 * The resiliency metrics of one target, with its labels computed once when the target's runner
 * is built (nothing is built per call). daprd records {@code dapr_resiliency_count} once per
 * call for each policy the target has (the breaker with its state when the call starts), and
 * {@code dapr_resiliency_activations_total} for each retry, at most once per call for a timeout
 * that fired, and for each breaker state change an attempt caused (with the new state); the
 * {@code dapr_resiliency_cb_state} gauge follows the target's breaker from its first state on.
 *
 * @param telemetry where the counts go
 * @param name the Resiliency resource's name (daprd: the last resource read)
 * @param direction {@code outbound} or {@code inbound}
 * @param target daprd's target label ({@code app_<id>}, {@code <Type>_<component>})
 */
record PolicyMetrics(Telemetry telemetry, String name, String direction, String target) {

    static final String TIMEOUT = "timeout";
    static final String RETRY = "retry";
    static final String BREAKER = "circuitbreaker";

    void executed(String policy, String status) {
        telemetry.resiliencyExecuted(name, policy, direction, target, status);
    }

    void activated(String policy, String status) {
        telemetry.resiliencyActivated(name, policy, direction, target, status);
    }

    /** A breaker of this target is in a new state ({@code dapr_resiliency_cb_state}). */
    void breakerState(CircuitBreaker.State state) {
        telemetry.resiliencyBreakerState(name, direction, target, state.toString());
    }
}
