package io.quapr.sidecar.resiliency;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Status code lists as daprd reads them. */
class StatusCodeRangesTest {

    @Test
    void codesAndRangesMatch() {
        StatusCodeRanges r = StatusCodeRanges.parse("500-502,,429", 100, 599);
        assertTrue(r.matches(500));
        assertTrue(r.matches(502));
        assertTrue(r.matches(429));
        assertFalse(r.matches(503));
    }

    @Test
    void unsetMatchesEverything() {
        assertTrue(StatusCodeRanges.parse("", 100, 599).matches(404));
        assertTrue(StatusCodeRanges.parse(null, 0, 16).matches(3));
    }

    @Test
    void invalidListsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> StatusCodeRanges.parse("600", 100, 599));
        assertThrows(IllegalArgumentException.class, () -> StatusCodeRanges.parse("500-", 100, 599));
        assertThrows(IllegalArgumentException.class, () -> StatusCodeRanges.parse("1-2-3", 0, 16));
        assertThrows(IllegalArgumentException.class, () -> StatusCodeRanges.parse("abc", 100, 599));
        assertThrows(IllegalArgumentException.class, () -> StatusCodeRanges.parse("10-2", 0, 16));
    }
}
