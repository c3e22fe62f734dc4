package io.quapr.sidecar.resiliency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** daprd's exponential waits: x1.5 from 500ms with +-50% jitter, capped; the delivery default doubles. */
class ExponentialBackoffTest {

    @Test
    void daprdsDefaultsGrowByHalfWithJitterUpToTheCeiling() {
        RetryPolicy d = RetryPolicy.defaults("r");
        RetryPolicy p = new RetryPolicy("r", true, d.duration(), Duration.ofMillis(500), 1.5, 0.5,
                Duration.ofSeconds(2), Duration.ZERO, -1, StatusCodeRanges.ALL, StatusCodeRanges.ALL);
        ExponentialBackoff b = new ExponentialBackoff(p);
        double[] centres = { 500, 750, 1125, 1687.5, 2000, 2000 };
        for (double c : centres) {
            long wait = b.nextDelayInMillis(null);
            assertTrue(wait >= c * 0.5 - 1 && wait <= c * 1.5 + 1, wait + " around " + c);
        }
    }

    @Test
    void theDeliveryDefaultDoublesWithoutJitter() {
        ExponentialBackoff b = new ExponentialBackoff(
                RetryPolicy.doubling("d", Duration.ofSeconds(1), Duration.ofSeconds(5), 4));
        assertEquals(1000, b.nextDelayInMillis(null));
        assertEquals(2000, b.nextDelayInMillis(null));
        assertEquals(4000, b.nextDelayInMillis(null));
        assertEquals(5000, b.nextDelayInMillis(null));
        assertEquals(5000, b.nextDelayInMillis(null));
    }
}
