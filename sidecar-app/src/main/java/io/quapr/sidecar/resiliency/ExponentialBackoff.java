package io.quapr.sidecar.resiliency;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait between retries of an exponential policy, computed as daprd's backoff library does:
 * the first wait is the initial interval, each next one is multiplied (1.5 in daprd, not a whole
 * factor as SmallRye's own exponential backoff needs) up to the ceiling, and each is jittered by
 * the randomization factor. One instance per guarded call (SmallRye asks the supplier for each).
 */
final class ExponentialBackoff implements CustomBackoffStrategy {

    private final RetryPolicy policy;
    private double current;

    ExponentialBackoff(RetryPolicy policy) {
        this.policy = policy;
        this.current = policy.initialInterval().toMillis();
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        double interval = current;
        double max = policy.maxInterval().toMillis();
        current = current >= max / policy.multiplier() ? max : current * policy.multiplier();
        double delta = policy.randomization() * interval;
        double low = interval - delta;
        double high = interval + delta;
        double wait = delta == 0 ? interval : low + ThreadLocalRandom.current().nextDouble() * (high - low + 1);
        return Math.max(0, (long) wait);
    }
}
