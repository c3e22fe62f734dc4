package io.quapr.sidecar.resiliency;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * One circuit breaker, with daprd's semantics (gobreaker with a CEL trip): while <b>closed</b>
 * every call passes and is counted, the counts are cleared every {@code interval} (if set), and
 * after each failure the {@code trip} condition is evaluated over the counts; when it holds the
 * breaker <b>opens</b> and refuses every call for {@code timeout}; then it is <b>half-open</b>
 * and lets {@code maxRequests} calls through: as many successes close it, one failure opens it
 * again. Counts start afresh with each state change. A trip condition that fails to evaluate
 * or does not return a boolean never trips, as in daprd.
 *
 * <p>
 * Not SmallRye's breaker: that one trips on a failure ratio over a rolling window of
 * {@code requestVolumeThreshold} calls and cannot express a CEL condition over these counts.
 */
public final class CircuitBreaker {

    private static final Logger LOG = Logger.getLogger(CircuitBreaker.class);

    /** The breaker's state, named as daprd names it. */
    public enum State {
        CLOSED("closed"),
        OPEN("open"),
        HALF_OPEN("half-open");

        private final String text;

        State(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private final String name;
    private final BreakerPolicy policy;
    private final LongSupplier nanoClock;
    private final Consumer<State> onState;

    private State state = State.CLOSED;
    private long generation;
    private long expiry; // nanos; 0 = none
    private long requests;
    private long totalSuccesses;
    private long totalFailures;
    private long consecutiveSuccesses;
    private long consecutiveFailures;

    /**
     * @param name the breaker's name (policy and target) for logs
     * @param policy its template
     * @param nanoClock {@link System#nanoTime()}, or a test's clock
     */
    public CircuitBreaker(String name, BreakerPolicy policy, LongSupplier nanoClock) {
        this(name, policy, nanoClock, state -> {
        });
    }

    /**
     * @param name the breaker's name (policy and target) for logs
     * @param policy its template
     * @param nanoClock {@link System#nanoTime()}, or a test's clock
     * @param onState told the state the breaker starts in and then each new state, in order, while
     *        the breaker is locked (so it must not call back into the breaker): the
     *        {@code dapr_resiliency_cb_state} gauge
     */
    public CircuitBreaker(String name, BreakerPolicy policy, LongSupplier nanoClock, Consumer<State> onState) {
        this.name = name;
        this.policy = policy;
        this.nanoClock = nanoClock;
        this.onState = onState;
        newGeneration(nanoClock.getAsLong());
        onState.accept(state);
    }

    /**
     * Asks to make a call.
     *
     * @return the generation to hand back to {@link #after(long, boolean)}
     * @throws BreakerOpenException when the call is refused
     */
    public synchronized long before() {
        long now = nanoClock.getAsLong();
        refresh(now);
        if (state == State.OPEN) {
            throw BreakerOpenException.open();
        }
        if (state == State.HALF_OPEN && requests >= policy.maxRequests()) {
            throw BreakerOpenException.tooManyRequests();
        }
        requests++;
        return generation;
    }

    /**
     * Records the outcome of a call that {@link #before()} let through; outcomes of calls from an
     * earlier generation are ignored.
     *
     * @return whether this outcome changed the breaker's state (for the activation metric)
     */
    public synchronized boolean after(long callGeneration, boolean success) {
        long now = nanoClock.getAsLong();
        refresh(now);
        if (callGeneration != generation) {
            return false;
        }
        State was = state;
        if (success) {
            totalSuccesses++;
            consecutiveSuccesses++;
            consecutiveFailures = 0;
            if (state == State.HALF_OPEN && consecutiveSuccesses >= policy.maxRequests()) {
                change(State.CLOSED, now);
            }
        } else {
            totalFailures++;
            consecutiveFailures++;
            consecutiveSuccesses = 0;
            if (state == State.HALF_OPEN || (state == State.CLOSED && trips())) {
                change(State.OPEN, now);
            }
        }
        return state != was;
    }

    /** The state now. */
    public synchronized State state() {
        refresh(nanoClock.getAsLong());
        return state;
    }

    private boolean trips() {
        Object result;
        try {
            result = policy.trip().eval(Map.of("requests", requests, "totalSuccesses", totalSuccesses,
                    "totalFailures", totalFailures, "consecutiveSuccesses", consecutiveSuccesses,
                    "consecutiveFailures", consecutiveFailures));
        } catch (RuntimeException e) {
            return false;
        }
        return Boolean.TRUE.equals(result);
    }

    private void refresh(long now) {
        if (state == State.CLOSED && expiry != 0 && now - expiry >= 0) {
            newGeneration(now);
        } else if (state == State.OPEN && now - expiry >= 0) {
            change(State.HALF_OPEN, now);
        }
    }

    private void change(State to, long now) {
        State from = state;
        state = to;
        newGeneration(now);
        LOG.infof("Circuit breaker \"%s\" changed state from %s to %s", name, from, to);
        onState.accept(to);
    }

    private void newGeneration(long now) {
        generation++;
        requests = totalSuccesses = totalFailures = consecutiveSuccesses = consecutiveFailures = 0;
        expiry = switch (state) {
            case CLOSED -> policy.interval().isZero() ? 0 : nonZero(now + policy.interval().toNanos());
            case OPEN -> nonZero(now + policy.timeout().toNanos());
            case HALF_OPEN -> 0;
        };
    }

    private static long nonZero(long t) {
        return t == 0 ? 1 : t;
    }
}
