package io.quapr.components.state.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Stored timestamps: readable by daprd, ordered like daprd's as text. */
class SqliteTimeTest {

    private static final Instant T = Instant.parse("2030-05-06T07:08:09.123456Z");

    @Test
    void storedTextIsCurrentTimestampWithMilliseconds() {
        assertEquals("2030-05-06 07:08:09.123", SqliteTime.stored(T));
        assertEquals("2030-05-06 07:08:09", SqliteTime.seconds(T));
    }

    @Test
    void storedTextSortsAgainstDaprdsTextAsTheInstantsDo() {
        String daprd = "2030-05-06 07:08:09"; // CURRENT_TIMESTAMP of the same second
        assertTrue(SqliteTime.stored(T).compareTo(daprd) > 0);
        assertTrue(SqliteTime.stored(T.minusSeconds(1)).compareTo(daprd) < 0);
        assertTrue(SqliteTime.stored(Instant.parse("2030-05-06T07:08:09Z")).compareTo(daprd) > 0,
                "equal instants: daprd's row counts as expired at that instant, and so does ours");
    }

    @Test
    void parsesWhatEitherWriterStores() {
        assertEquals(Instant.parse("2030-05-06T07:08:09Z"), SqliteTime.parse("2030-05-06 07:08:09"));
        assertEquals(Instant.parse("2030-05-06T07:08:09.123Z"), SqliteTime.parse("2030-05-06 07:08:09.123"));
        assertEquals(Instant.parse("2030-05-06T05:08:09Z"), SqliteTime.parse("2030-05-06 07:08:09+02:00"));
        assertEquals(Instant.parse("2030-05-06T07:08:09.5Z"), SqliteTime.parse("2030-05-06T07:08:09.5Z"));
        assertEquals(Instant.parse("2030-05-06T07:08:00Z"), SqliteTime.parse("2030-05-06 07:08"));
        assertNull(SqliteTime.parse("yesterday"));
        assertNull(SqliteTime.parse(null));
    }

    @Test
    void ttlExpireTimeIsRfc3339ToTheSecond() {
        assertEquals("2030-05-06T07:08:09Z", SqliteTime.rfc3339(T));
    }
}
