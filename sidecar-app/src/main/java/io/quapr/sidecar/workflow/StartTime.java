package io.quapr.sidecar.workflow;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code dapr.workflow.start_time} option as daprd reads it: an RFC 3339 time as Go's
 * {@code time.RFC3339} layout parses one (seconds required, an optional fraction, {@code Z} or a
 * {@code ±hh:mm} offset).
 */
final class StartTime {

    /** daprd's reason for refusing a start time, after "error starting workflow '...': ". */
    static final String FORMAT_ERROR = "start times must be in RFC3339 format (e.g. \"2009-11-10T23:00:00Z\")";

    // Java's ISO parser alone is laxer than Go's layout: it takes a missing seconds field, a
    // lowercase 't' and a '+hh' offset
    private static final Pattern SHAPE = Pattern
            .compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

    private StartTime() {
    }

    /**
     * The instant {@code text} names.
     *
     * @return empty when it is not an RFC 3339 time
     */
    static Optional<Instant> parse(String text) {
        if (!SHAPE.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            // the right shape but no such date or time (February 30th, hour 25)
            return Optional.empty();
        }
    }
}
