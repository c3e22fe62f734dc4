package io.quapr.sidecar.pubsub;

import io.quapr.sidecar.SidecarConfig;
import java.time.Duration;

/**
 * The one retry policy for delivering a message to the app (until Resiliency YAML replaces it):
 * up to {@code maxAttempts} deliveries, waiting {@code initialBackoff} before the second and
 * doubling each time up to {@code maxBackoff}. Components never retry on their own, so there is
 * exactly one retry layer.
 *
 * @param maxAttempts deliveries of one message, at least 1
 * @param initialBackoff the wait before the second delivery
 * @param maxBackoff the longest wait
 */
record DeliveryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    static DeliveryPolicy of(SidecarConfig.PubSub config) {
        return new DeliveryPolicy(Math.max(1, config.maxAttempts()), config.initialBackoff(), config.maxBackoff());
    }

    /** Whether another delivery follows the given (1-based) attempt. */
    boolean retryAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /** The wait after the given (1-based) failed attempt. */
    Duration backoff(int attempt) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
