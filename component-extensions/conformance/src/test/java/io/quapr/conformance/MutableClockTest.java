package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    private static final Instant START = Instant.parse("2025-01-02T03:04:05Z");

    @Test
    void standsStillUntilMoved() {
        MutableClock clock = new MutableClock(START);
        assertEquals(START, clock.instant());
        assertEquals(START.toEpochMilli(), clock.millis());
        assertEquals(ZoneOffset.UTC, clock.getZone());
    }

    @Test
    void advanceAndSetMoveIt() {
        MutableClock clock = new MutableClock(START);
        clock.advance(Duration.ofSeconds(2));
        assertEquals(START.plusSeconds(2), clock.instant());
        clock.advance(Duration.ofMillis(-500));
        assertEquals(START.plusMillis(1500), clock.instant());
        clock.set(START);
        assertEquals(START, clock.instant());
    }

    @Test
    void aZonedViewSharesTheTime() {
        MutableClock clock = new MutableClock(START);
        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(START.plusSeconds(60), paris.instant());
        assertEquals(ZoneId.of("Europe/Paris"), paris.getZone());
        assertTrue(clock.withZone(ZoneOffset.UTC) == clock);
    }

    @Test
    void startingNowIsNearTheRealTime() {
        Instant before = Instant.now();
        Instant start = MutableClock.startingNow().instant();
        assertTrue(!start.isBefore(before) && !start.isAfter(Instant.now()));
    }
}
