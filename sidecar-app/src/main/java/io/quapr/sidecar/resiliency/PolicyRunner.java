package io.quapr.sidecar.resiliency;

import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The resiliency policies of one target, applied around a call as daprd nests them: the retry
 * outermost, then the circuit breaker, then the timeout of each single attempt. Built once per
 * target and reused for every call.
 *
 * <ul>
 * <li>Retry: a SmallRye Fault Tolerance {@link Guard} (constant delay, or daprd's exponential
 * backoff as a custom backoff strategy; {@code maxRetries -1} is unlimited). Not retried: a
 * {@link PermanentFailure}, a {@link BreakerOpenException}, and a {@link StatusCoded} failure
 * whose code the policy's {@code matching} leaves out.</li>
 * <li>Circuit breaker: {@link CircuitBreaker} (daprd's state machine with the CEL trip).</li>
 * <li>Timeout: Mutiny's {@code ifNoItem}, which cancels the attempt when it fires (SmallRye's
 * timeout leaves a {@code Uni} running after it fires), so the call itself is abandoned (an HTTP
 * request to the app is reset).</li>
 * </ul>
 * Each call is counted in daprd's resiliency metrics ({@link PolicyMetrics}) when the target has
 * a policy; a runner without policies counts nothing and adds nothing to the call.
 */
public final class PolicyRunner {

    private static final Logger LOG = Logger.getLogger(PolicyRunner.class);
    private static final TypeLiteral<Uni<Object>> UNI = new TypeLiteral<>() {
    };

    /** A runner that applies nothing. */
    static final PolicyRunner NONE = new PolicyRunner(
            new ResolvedPolicy("", PolicyNames.NONE, null, null, null), null, null);

    private final ResolvedPolicy policy;
    private final Duration timeout;
    private final CircuitBreaker breaker;
    private final Guard retry;
    private final PolicyMetrics metrics;

    /**
     * @param policy the policies to apply
     * @param breaker the target's own breaker (built from {@code policy.breaker()}), or null
     * @param metrics where the target's resiliency metrics go, or null for none
     */
    PolicyRunner(ResolvedPolicy policy, CircuitBreaker breaker, PolicyMetrics metrics) {
        this.policy = policy;
        this.metrics = metrics;
        this.timeout = policy.timeout() == null || policy.timeout().isZero() || policy.timeout().isNegative()
                ? null
                : policy.timeout();
        this.breaker = breaker;
        this.retry = policy.retry() == null || policy.retry().maxRetries() == 0 ? null : guard(policy.retry());
    }

    private PolicyRunner(PolicyRunner base, CircuitBreaker breaker) {
        this.policy = base.policy;
        this.timeout = base.timeout;
        this.retry = base.retry;
        this.metrics = base.metrics;
        this.breaker = breaker;
    }

    /** This runner's timeout and retry (the same guard) with another circuit breaker. */
    PolicyRunner withBreaker(CircuitBreaker other) {
        return new PolicyRunner(this, other);
    }

    private Guard guard(RetryPolicy r) {
        int maxRetries = r.maxRetries() < 0 || r.maxRetries() > Integer.MAX_VALUE ? -1 : (int) r.maxRetries();
        long maxMillis = r.exponential() && !r.maxElapsed().isZero()
                ? r.maxElapsed().toMillis()
                : Long.MAX_VALUE / 4;
        return Guard.create().withDescription(policy.target()).withRetry().maxRetries(maxRetries)
                .maxDuration(maxMillis, ChronoUnit.MILLIS).jitter(0, ChronoUnit.MILLIS)
                .delay(r.exponential() ? r.initialInterval().toMillis() : r.duration().toMillis(), ChronoUnit.MILLIS)
                .with(b -> {
                    if (r.exponential()) {
                        b.withCustomBackoff().strategy(() -> new ExponentialBackoff(r)).done();
                    }
                }).whenException(this::retryable)
                .beforeRetry(e -> {
                    if (metrics != null) {
                        metrics.activated(PolicyMetrics.RETRY, "");
                    }
                    LOG.debugf("error processing operation %s, retrying: %s", policy.target(), e.getMessage());
                })
                .done().build();
    }

    private boolean retryable(Throwable e) {
        if (e instanceof PermanentFailure || e instanceof BreakerOpenException) {
            return false;
        }
        if (e instanceof StatusCoded coded) {
            return policy.retry().retriesCode(coded.statusCode());
        }
        return true;
    }

    /** A runner that applies no policy (the call runs once, as it is). */
    public static PolicyRunner none() {
        return NONE;
    }

    /** Whether this runner applies no policy at all: {@link #run} then runs the call as it is. */
    public boolean appliesNothing() {
        return timeout == null && breaker == null && retry == null;
    }

    /** The policies this runner applies. */
    public ResolvedPolicy policy() {
        return policy;
    }

    /** Where the target's resiliency metrics go, or null for none. */
    PolicyMetrics metrics() {
        return metrics;
    }

    /** The target's circuit breaker, or null. */
    public CircuitBreaker breaker() {
        return breaker;
    }

    /**
     * Runs a call under the policies. A {@link PermanentFailure} the call fails with is not
     * retried and comes back unwrapped.
     *
     * @param call the call, invoked once per attempt
     */
    public <T> Uni<T> run(Supplier<Uni<T>> call) {
        if (appliesNothing()) {
            return unwrap(Uni.createFrom().<T>deferred(call::get));
        }
        if (metrics == null) {
            return guarded(call, null);
        }
        return Uni.createFrom().deferred(() -> {
            countExecuted();
            // daprd counts a timeout's activation once per call, however many attempts time out
            return guarded(call, timeout == null ? null : new AtomicBoolean());
        });
    }

    private <T> Uni<T> guarded(Supplier<Uni<T>> call, AtomicBoolean timeoutCounted) {
        if (retry == null) {
            return unwrap(attempt(call, timeoutCounted));
        }
        @SuppressWarnings("unchecked")
        Supplier<Uni<Object>> attempt = () -> (Uni<Object>) attempt(call, timeoutCounted);
        @SuppressWarnings("unchecked")
        Uni<T> guarded = (Uni<T>) retry.get(attempt, UNI);
        return unwrap(guarded);
    }

    private void countExecuted() {
        if (timeout != null) {
            metrics.executed(PolicyMetrics.TIMEOUT, "");
        }
        if (retry != null) {
            metrics.executed(PolicyMetrics.RETRY, "");
        }
        if (breaker != null) {
            metrics.executed(PolicyMetrics.BREAKER, breaker.state().toString());
        }
    }

    private <T> Uni<T> attempt(Supplier<Uni<T>> call, AtomicBoolean timeoutCounted) {
        return Uni.createFrom().deferred(() -> {
            long generation = breaker == null ? 0 : breaker.before();
            Uni<T> u = Uni.createFrom().<T>deferred(call::get);
            if (timeout != null) {
                u = u.ifNoItem().after(timeout).failWith(() -> {
                    if (timeoutCounted != null && timeoutCounted.compareAndSet(false, true)) {
                        metrics.activated(PolicyMetrics.TIMEOUT, "");
                    }
                    return new PolicyTimeoutException(timeout);
                });
            }
            if (breaker != null) {
                u = u.onItemOrFailure().invoke((item, failure) -> afterAttempt(generation,
                        failure == null || failure instanceof PermanentFailure))
                        // a trial call abandoned by its caller must not keep a half-open breaker waiting
                        .onCancellation().invoke(() -> afterAttempt(generation, false));
            }
            return u;
        });
    }

    private void afterAttempt(long generation, boolean success) {
        if (breaker.after(generation, success) && metrics != null) {
            metrics.activated(PolicyMetrics.BREAKER, breaker.state().toString());
        }
    }

    private static <T> Uni<T> unwrap(Uni<T> u) {
        return u.onFailure(PermanentFailure.class).transform(Throwable::getCause);
    }
}
