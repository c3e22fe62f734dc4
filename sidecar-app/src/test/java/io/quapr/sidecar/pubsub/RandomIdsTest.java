package io.quapr.sidecar.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The ids on every event: well-formed, and not repeated. */
class RandomIdsTest {

    @Test
    void uuidsAreVersion4WithTheIetfVariantAndUnique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RandomIds.uuid();
            UUID parsed = UUID.fromString(id);
            assertEquals(4, parsed.version(), id);
            assertEquals(2, parsed.variant(), id);
            assertEquals(id, parsed.toString());
            assertTrue(seen.add(id), "repeated: " + id);
        }
    }

    @Test
    void traceparentsAreValidW3cContextsNotSampled() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String tp = RandomIds.traceparent();
            assertTrue(tp.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00"), tp);
            assertNotEquals("0000000000000000", tp.substring(36, 52));
            assertTrue(seen.add(tp.substring(3, 35)), "repeated trace id: " + tp);
            // what a caller's traceparent is checked against
            assertEquals(tp, TraceContext.of(tp, null).traceparent());
        }
    }
}
