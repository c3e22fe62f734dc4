package io.quapr.components.rabbitmq;

import io.quapr.spi.GoDuration;
import java.time.Duration;
import java.util.Optional;

/**
 * A time to live as Dapr reads {@code ttlInSeconds} for pub/sub: a Go duration ({@code 90s},
 * {@code 1m30s}; a negative one is zero), else a whole number of seconds that must be above
 * zero.
 */
final class MessageTtl {

    private MessageTtl() {
    }

    /** The ttl, or empty when the text is neither form. */
    static Optional<Duration> parse(String text) {
        String s = text.trim();
        if (s.equals("0")) {
            // Go's duration parser takes a bare zero
            return Optional.of(Duration.ZERO);
        }
        if (s.matches("[+-]?\\d+")) {
            try {
                long seconds = Long.parseLong(s);
                return seconds > 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        try {
            Duration d = GoDuration.parse(s);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The value of AMQP's {@code expiration} property: whole milliseconds. */
    static String expiration(Duration ttl) {
        return Long.toString(ttl.toMillis());
    }
}
