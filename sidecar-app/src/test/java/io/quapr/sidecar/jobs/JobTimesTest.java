package io.quapr.sidecar.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobTimesTest {

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aDueTimeAloneRunsOnce() {
        JobTimes t = JobTimes.of(null, "10s", null, null, CREATED);
        Instant first = t.first(CREATED);
        assertEquals(CREATED.plusSeconds(10), first);
        assertNull(t.next(first, 1));
    }

    @Test
    void anRfc3339DueTimeIsThatInstant() {
        JobTimes t = JobTimes.of(null, "2026-01-01T01:00:00+01:00", null, null, CREATED);
        assertEquals(CREATED, t.first(CREATED));
    }

    @Test
    void everyAndBareDurationsRepeatFromTheDueTimeUntilRepeatsAreDone() {
        for (String schedule : new String[] { "@every 500ms", "500ms", "PT0.5S" }) {
            JobTimes t = JobTimes.of(schedule, null, null, 3, CREATED);
            Instant first = t.first(CREATED);
            assertEquals(CREATED.plusMillis(500), first, schedule);
            assertEquals(CREATED.plusMillis(1000), t.next(first, 1), schedule);
            assertEquals(CREATED.plusMillis(1500), t.next(CREATED.plusMillis(1000), 2), schedule);
            assertNull(t.next(CREATED.plusMillis(1500), 3), schedule + ": three runs in all");
        }
    }

    @Test
    void anIsoRepetitionLimitsTheRuns() {
        JobTimes t = JobTimes.of("R2/PT10S", null, null, null, CREATED);
        assertEquals(2, t.repeats());
        assertEquals(CREATED.plusSeconds(10), t.first(CREATED));
    }

    @Test
    void cronWithSecondsAndDescriptors() {
        JobTimes t = JobTimes.of("CRON_TZ=UTC */15 * * * * *", null, null, null, CREATED);
        assertEquals(CREATED.plusSeconds(15), t.first(CREATED));
        assertEquals(CREATED.plusSeconds(30), t.next(CREATED.plusSeconds(15), 1));
        JobTimes hourly = JobTimes.of("@hourly", null, null, null, CREATED);
        Instant h = hourly.first(CREATED);
        assertTrue(h.isAfter(CREATED) && !h.isAfter(CREATED.plusSeconds(3600)), h.toString());
    }

    @Test
    void theTtlEndsTheRuns() {
        JobTimes t = JobTimes.of("@every 10s", null, "25s", null, CREATED);
        assertEquals(CREATED.plusSeconds(20), t.next(CREATED.plusSeconds(10), 1));
        assertNull(t.next(CREATED.plusSeconds(20), 2), "the third run comes after the TTL");
    }

    @Test
    void badFieldsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> JobTimes.of("every minute", null, null, null, CREATED)).getMessage().contains("schedule"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> JobTimes.of(null, "tomorrow", null, null, CREATED)).getMessage().contains("dueTime"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> JobTimes.of("@every 0s", null, null, null, CREATED)).getMessage().contains("schedule"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> JobTimes.of(null, "1h", "10s", null, CREATED)).getMessage().contains("ttl"));
    }
}
