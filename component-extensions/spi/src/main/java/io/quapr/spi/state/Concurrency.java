package io.quapr.spi.state;

/** Dapr's {@code options.concurrency}: how a write treats a key someone else wrote. */
public enum Concurrency {
    /** Unset: the store's default, which for every store here is last-write-wins. */
    UNSPECIFIED,
    /** The write succeeds only if the ETag matches, or, with no ETag, if the key does not exist. */
    FIRST_WRITE,
    /** The write wins whatever was there, unless an ETag is given and does not match. */
    LAST_WRITE
}
