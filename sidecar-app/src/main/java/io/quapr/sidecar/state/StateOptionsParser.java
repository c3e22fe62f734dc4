package io.quapr.sidecar.state;

import io.quapr.spi.state.Concurrency;
import io.quapr.spi.state.Consistency;
import io.quapr.spi.state.StateOptions;

/** Reads daprd's option strings ({@code first-write}, {@code strong}, ...) for both transports. */
public final class StateOptionsParser {

    private StateOptionsParser() {
    }

    /**
     * Parses the two options; empty or null means unspecified.
     *
     * @throws IllegalArgumentException naming the value daprd would refuse
     */
    public static StateOptions parse(String concurrency, String consistency) {
        return new StateOptions(concurrency(concurrency), consistency(consistency));
    }

    /** {@code first-write} / {@code last-write}. */
    public static Concurrency concurrency(String value) {
        if (value == null || value.isEmpty()) {
            return Concurrency.UNSPECIFIED;
        }
        return switch (value) {
            case "first-write" -> Concurrency.FIRST_WRITE;
            case "last-write" -> Concurrency.LAST_WRITE;
            default -> throw new IllegalArgumentException("unrecognized concurrency model '" + value + "'");
        };
    }

    /** {@code eventual} / {@code strong}. */
    public static Consistency consistency(String value) {
        if (value == null || value.isEmpty()) {
            return Consistency.UNSPECIFIED;
        }
        return switch (value) {
            case "eventual" -> Consistency.EVENTUAL;
            case "strong" -> Consistency.STRONG;
            default -> throw new IllegalArgumentException("unrecognized consistency model '" + value + "'");
        };
    }
}
