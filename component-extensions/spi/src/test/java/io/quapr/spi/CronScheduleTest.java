package io.quapr.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** The next run of schedules as robfig/cron computes them. */
class CronScheduleTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZonedDateTime T = ZonedDateTime.of(2026, 12, 6, 19, 30, 15, 500_000_000, UTC);

    private static ZonedDateTime next(String spec, ZonedDateTime after) {
        return CronSchedule.parse(spec, UTC).next(after);
    }

    @Test
    void fiveFieldsRunAtSecondZero() {
        assertEquals(T.withMinute(31).withSecond(0).withNano(0), next("* * * * *", T));
        assertEquals(T.withHour(20).withMinute(0).withSecond(0).withNano(0), next("0 * * * *", T));
    }

    @Test
    void sixFieldsHaveSecondsFirst() {
        assertEquals(T.withSecond(20).withNano(0), next("*/10 * * * * *", T));
        assertEquals(T.withSecond(16).withNano(0), next("* * * * * *", T));
    }

    @Test
    void descriptors() {
        assertEquals(T.withMinute(0).withSecond(0).withNano(0).plusHours(1), next("@hourly", T));
        assertEquals(ZonedDateTime.of(2026, 12, 7, 0, 0, 0, 0, UTC), next("@daily", T));
        assertEquals(ZonedDateTime.of(2026, 12, 13, 0, 0, 0, 0, UTC), next("@weekly", T), "next Sunday");
        assertEquals(ZonedDateTime.of(2027, 1, 1, 0, 0, 0, 0, UTC), next("@monthly", T));
        assertEquals(ZonedDateTime.of(2027, 1, 1, 0, 0, 0, 0, UTC), next("@yearly", T));
    }

    @Test
    void everyCountsWholeSecondsFromTheLastRun() {
        assertEquals(T.plusSeconds(1).withNano(0), next("@every 1s", T));
        assertEquals(T.plusMinutes(90).withNano(0), next("@every 1h30m", T));
        assertEquals(T.plusSeconds(1).withNano(0), next("@every 10ms", T), "at least a second");
    }

    @Test
    void namesRangesAndSteps() {
        // Mondays to Fridays at 09:00: from Sunday 6 December, Monday 7
        assertEquals(ZonedDateTime.of(2026, 12, 7, 9, 0, 0, 0, UTC), next("0 9 * * MON-FRI", T));
        assertEquals(ZonedDateTime.of(2027, 2, 1, 0, 0, 0, 0, UTC), next("0 0 1 feb *", T));
        assertEquals(T.withMinute(45).withSecond(0).withNano(0), next("15/15 * * * *", T));
    }

    @Test
    void dayOfMonthOrDayOfWeekWhenNeitherIsAStar() {
        // the 10th or any Tuesday: Tuesday 8 December comes first
        assertEquals(ZonedDateTime.of(2026, 12, 8, 0, 0, 0, 0, UTC), next("0 0 10 * TUE", T));
        // with a star, both must match: the 10th only if it is a day of any week
        assertEquals(ZonedDateTime.of(2026, 12, 10, 0, 0, 0, 0, UTC), next("0 0 10 * ?", T));
    }

    @Test
    void anImpossibleDateHasNoRun() {
        assertNull(next("0 0 30 2 *", T));
    }

    @Test
    void timeZonePrefix() {
        CronSchedule s = CronSchedule.parse("CRON_TZ=Europe/Paris 0 9 * * *", UTC);
        assertEquals(ZoneId.of("Europe/Paris"), s.zone());
        assertEquals(ZonedDateTime.of(2026, 12, 7, 8, 0, 0, 0, UTC).toInstant(), s.next(T).toInstant());
    }

    @Test
    void badSchedulesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("* * * *", UTC));
        assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("61 * * * * *", UTC));
        assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("@fortnightly", UTC));
        assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("@every soon", UTC));
        assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse("5-1 * * * *", UTC));
    }
}
