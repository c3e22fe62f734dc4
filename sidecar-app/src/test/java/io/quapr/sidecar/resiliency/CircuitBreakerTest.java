package io.quapr.sidecar.resiliency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quapr.sidecar.expr.CelExpression;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** daprd's breaker: closed, open for the timeout, half-open with maxRequests trials; a fake clock. */
class CircuitBreakerTest {

    private final AtomicLong now = new AtomicLong(1_000);

    private CircuitBreaker breaker(int maxRequests, Duration interval, String trip) {
        return new CircuitBreaker("test", new BreakerPolicy("cb", maxRequests, interval, Duration.ofSeconds(10),
                CelExpression.compile(trip, BreakerPolicy.COUNTS)), now::get);
    }

    private static void fail(CircuitBreaker b) {
        b.after(b.before(), false);
    }

    private static void succeed(CircuitBreaker b) {
        b.after(b.before(), true);
    }

    @Test
    void tripsWhenTheConditionHoldsAndRefusesCallsUntilTheTimeout() {
        CircuitBreaker b = breaker(1, Duration.ZERO, "consecutiveFailures >= 3");
        fail(b);
        fail(b);
        assertEquals(CircuitBreaker.State.CLOSED, b.state());
        fail(b);
        assertEquals(CircuitBreaker.State.OPEN, b.state());
        BreakerOpenException e = assertThrows(BreakerOpenException.class, b::before);
        assertEquals("circuit breaker is open", e.getMessage());

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertEquals(CircuitBreaker.State.HALF_OPEN, b.state());
    }

    @Test
    void theStateListenerHearsTheFirstStateAndEveryChangeInOrder() {
        List<CircuitBreaker.State> heard = new ArrayList<>();
        CircuitBreaker b = new CircuitBreaker("test", new BreakerPolicy("cb", 1, Duration.ZERO, Duration.ofSeconds(10),
                CelExpression.compile("consecutiveFailures >= 2", BreakerPolicy.COUNTS)), now::get, heard::add);
        assertEquals(List.of(CircuitBreaker.State.CLOSED), heard);
        fail(b);
        succeed(b);
        assertEquals(List.of(CircuitBreaker.State.CLOSED), heard, "no change, nothing heard");
        fail(b);
        fail(b);
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        succeed(b);
        assertEquals(List.of(CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN,
                CircuitBreaker.State.CLOSED), heard);
    }

    @Test
    void halfOpenLetsMaxRequestsThroughAndClosesOnAsManySuccesses() {
        CircuitBreaker b = breaker(2, Duration.ZERO, "consecutiveFailures > 0");
        fail(b);
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        long first = b.before();
        long second = b.before();
        assertEquals("too many requests", assertThrows(BreakerOpenException.class, b::before).getMessage());
        b.after(first, true);
        assertEquals(CircuitBreaker.State.HALF_OPEN, b.state());
        b.after(second, true);
        assertEquals(CircuitBreaker.State.CLOSED, b.state());
    }

    @Test
    void aFailureWhileHalfOpenOpensAgain() {
        CircuitBreaker b = breaker(1, Duration.ZERO, "consecutiveFailures > 0");
        fail(b);
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        fail(b);
        assertEquals(CircuitBreaker.State.OPEN, b.state());
    }

    @Test
    void successesResetConsecutiveFailures() {
        CircuitBreaker b = breaker(1, Duration.ZERO, "consecutiveFailures >= 2");
        fail(b);
        succeed(b);
        fail(b);
        assertEquals(CircuitBreaker.State.CLOSED, b.state());
        fail(b);
        assertEquals(CircuitBreaker.State.OPEN, b.state());
    }

    @Test
    void theIntervalClearsTheCountsWhileClosed() {
        CircuitBreaker b = breaker(1, Duration.ofSeconds(5), "totalFailures >= 2");
        fail(b);
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        fail(b);
        assertEquals(CircuitBreaker.State.CLOSED, b.state(), "the first failure was in the last interval");
        fail(b);
        assertEquals(CircuitBreaker.State.OPEN, b.state());
    }

    @Test
    void outcomesOfAnEarlierGenerationAreIgnored() {
        CircuitBreaker b = breaker(1, Duration.ZERO, "consecutiveFailures > 0");
        long stale = b.before();
        fail(b);
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        b.after(stale, false);
        assertEquals(CircuitBreaker.State.HALF_OPEN, b.state());
    }

    @Test
    void aTripThatDoesNotEvaluateNeverTrips() {
        CircuitBreaker b = breaker(1, Duration.ZERO, "unknownVariable > 1");
        for (int i = 0; i < 10; i++) {
            fail(b);
        }
        assertEquals(CircuitBreaker.State.CLOSED, b.state());
    }

    @Test
    void theTripCanReadEveryCount() {
        CircuitBreaker b = breaker(1, Duration.ZERO,
                "requests >= 4 && totalSuccesses == 2 && totalFailures == 2 && consecutiveFailures == 2"
                        + " && consecutiveSuccesses == 0");
        succeed(b);
        succeed(b);
        fail(b);
        assertEquals(CircuitBreaker.State.CLOSED, b.state());
        fail(b);
        assertEquals(CircuitBreaker.State.OPEN, b.state());
    }
}
