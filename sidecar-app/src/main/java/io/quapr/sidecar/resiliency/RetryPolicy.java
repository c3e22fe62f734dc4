package io.quapr.sidecar.resiliency;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A named retry policy, with daprd's defaults for what the YAML leaves out ({@code constant},
 * 5s, unlimited retries; exponential: 500ms first interval, x1.5, +-50% jitter, 60s ceiling,
 * given up after 15 minutes).
 *
 * @param name the policy's name
 * @param exponential {@code policy: exponential} (else constant)
 * @param duration the wait between attempts of a constant policy
 * @param initialInterval the first wait of an exponential policy
 * @param multiplier how much each exponential wait grows
 * @param randomization the jitter of an exponential wait (0.5 = +-50%)
 * @param maxInterval the longest exponential wait
 * @param maxElapsed how long an exponential policy keeps retrying (zero = no limit)
 * @param maxRetries retries after the first attempt; -1 = unlimited
 * @param httpCodes the HTTP statuses that are retried
 * @param grpcCodes the gRPC codes that are retried
 */
public record RetryPolicy(String name, boolean exponential, Duration duration, Duration initialInterval,
        double multiplier, double randomization, Duration maxInterval, Duration maxElapsed, long maxRetries,
        StatusCodeRanges httpCodes, StatusCodeRanges grpcCodes) {

    /** daprd's {@code retry.DefaultConfig()}: what a policy starts from before its YAML fields. */
    static RetryPolicy defaults(String name) {
        return new RetryPolicy(name, false, Duration.ofSeconds(5), Duration.ofMillis(500), 1.5, 0.5,
                Duration.ofSeconds(60), Duration.ofMinutes(15), -1, StatusCodeRanges.ALL, StatusCodeRanges.ALL);
    }

    /** A constant policy. */
    static RetryPolicy constant(String name, Duration duration, long maxRetries) {
        RetryPolicy d = defaults(name);
        return new RetryPolicy(name, false, duration, d.initialInterval, d.multiplier, d.randomization,
                d.maxInterval, d.maxElapsed, maxRetries, StatusCodeRanges.ALL, StatusCodeRanges.ALL);
    }

    /**
     * A doubling backoff without jitter or time limit: the delivery default when no Resiliency
     * applies ({@code quapr.pubsub.*}).
     */
    public static RetryPolicy doubling(String name, Duration first, Duration max, long maxRetries) {
        return new RetryPolicy(name, true, first, first, 2, 0, max, Duration.ZERO, maxRetries, StatusCodeRanges.ALL,
                StatusCodeRanges.ALL);
    }

    /** Whether a failure with this code is retried (daprd: 0-16 is gRPC, 100-599 HTTP). */
    public boolean retriesCode(int code) {
        if (code >= 0 && code <= 16) {
            return grpcCodes.matches(code);
        }
        if (code >= 100 && code <= 599) {
            return httpCodes.matches(code);
        }
        return false;
    }

    /** The same policy under another name and retry count (daprd's floor of 3 for built-ins). */
    RetryPolicy withMaxRetries(long retries) {
        return new RetryPolicy(name, exponential, duration, initialInterval, multiplier, randomization, maxInterval,
                maxElapsed, retries, httpCodes, grpcCodes);
    }

    /**
     * The waits between attempts, one after the other, for a loop that retries by itself
     * (without a guard): a fresh sequence per call, as each call's backoff starts over.
     */
    public LongSupplier waits() {
        if (!exponential) {
            long millis = duration.toMillis();
            return () -> millis;
        }
        ExponentialBackoff backoff = new ExponentialBackoff(this);
        return () -> backoff.nextDelayInMillis(null);
    }

    /** A short description for the metadata API and logs. */
    public String describe() {
        String base = exponential
                ? "exponential(" + initialInterval.toMillis() + "ms.." + maxInterval.toMillis() + "ms)"
                : "constant(" + duration.toMillis() + "ms)";
        return base + ", maxRetries " + maxRetries;
    }
}
