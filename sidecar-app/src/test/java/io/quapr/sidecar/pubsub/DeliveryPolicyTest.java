package io.quapr.sidecar.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one retry policy: bounded attempts, doubling backoff with a ceiling. */
class DeliveryPolicyTest {

    private final DeliveryPolicy policy = new DeliveryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(5));

    @Test
    void backoffDoublesUpToTheCeiling() {
        assertEquals(Duration.ofSeconds(1), policy.backoff(1));
        assertEquals(Duration.ofSeconds(2), policy.backoff(2));
        assertEquals(Duration.ofSeconds(4), policy.backoff(3));
        assertEquals(Duration.ofSeconds(5), policy.backoff(4));
        assertEquals(Duration.ofSeconds(5), policy.backoff(40));
    }

    @Test
    void attemptsAreBounded() {
        assertTrue(policy.retryAfter(4));
        assertFalse(policy.retryAfter(5));
    }
}
