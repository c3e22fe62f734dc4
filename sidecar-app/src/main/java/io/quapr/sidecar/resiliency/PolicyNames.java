package io.quapr.sidecar.resiliency;

/**
 * The policies one target names; a null name means none of that kind.
 *
 * @param timeout a {@code timeouts} name
 * @param retry a {@code retries} name
 * @param circuitBreaker a {@code circuitBreakers} name
 */
public record PolicyNames(String timeout, String retry, String circuitBreaker) {

    /** No policy at all. */
    static final PolicyNames NONE = new PolicyNames(null, null, null);

    /** Whether it names nothing. */
    boolean isEmpty() {
        return timeout == null && retry == null && circuitBreaker == null;
    }
}
