package io.quapr.components.state.sqlite;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;

/**
 * Timestamps as the state table holds them.
 *
 * <p>
 * daprd writes {@code expiration_time} and {@code update_time} with SQLite's
 * {@code CURRENT_TIMESTAMP}: UTC text {@code YYYY-MM-DD HH:MM:SS}, compared as text. This store
 * writes the same text with milliseconds added ({@code YYYY-MM-DD HH:MM:SS.SSS}): it still sorts
 * correctly against daprd's values, daprd's driver still reads it as a time, and a one-second
 * TTL no longer expires up to a second early. The time always comes from the component's clock,
 * never from SQLite's, so a test can move it.
 */
final class SqliteTime {

    private static final DateTimeFormatter STORED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    /** Whatever daprd's driver or SQLite's date functions may have written. */
    private static final DateTimeFormatter LENIENT = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm")
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .toFormatter();

    private SqliteTime() {
    }

    /** The text stored for {@code instant}: UTC with milliseconds. */
    static String stored(Instant instant) {
        return STORED.format(instant);
    }

    /** {@code instant} exactly as SQLite's {@code CURRENT_TIMESTAMP} would write it. */
    static String seconds(Instant instant) {
        return SECONDS.format(instant);
    }

    /** A stored timestamp, or {@code null} when the text is not one. */
    static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            TemporalAccessor t = LENIENT.parse(text.trim());
            if (t.isSupported(ChronoField.OFFSET_SECONDS)) {
                return OffsetDateTime.from(t).toInstant();
            }
            return LocalDateTime.from(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** RFC 3339 in UTC to the second, as daprd reports {@code ttlExpireTime}. */
    static String rfc3339(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
