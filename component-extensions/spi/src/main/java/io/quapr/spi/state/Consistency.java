package io.quapr.spi.state;

/** Dapr's {@code options.consistency}: passed to stores that distinguish the two. */
public enum Consistency {
    /** Unset: the store's default. */
    UNSPECIFIED,
    /** Reads may see older data; writes return before all replicas have them. */
    EVENTUAL,
    /** Reads see the latest write; writes wait for a quorum. */
    STRONG
}
