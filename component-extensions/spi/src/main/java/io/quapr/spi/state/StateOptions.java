package io.quapr.spi.state;

/**
 * A request's {@code options}.
 *
 * @param concurrency first-write or last-write
 * @param consistency eventual or strong
 */
public record StateOptions(Concurrency concurrency, Consistency consistency) {

    /** Neither option set. */
    public static final StateOptions DEFAULT = new StateOptions(Concurrency.UNSPECIFIED, Consistency.UNSPECIFIED);

    /** Whether this write must only succeed on a key that is absent or carries the given ETag. */
    public boolean firstWrite() {
        return concurrency == Concurrency.FIRST_WRITE;
    }
}
