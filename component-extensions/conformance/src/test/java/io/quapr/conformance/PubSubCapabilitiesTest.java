package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.pubsub.PubSubFeature;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PubSubCapabilitiesTest {

    @Test
    void everyFeatureHasACapabilityThatMapsBack() {
        for (PubSubFeature f : PubSubFeature.values()) {
            String capability = PubSubCapabilities.capability(f);
            assertNotNull(capability, f + " has no capability spelling");
            assertEquals(f, PubSubCapabilities.feature(capability));
            assertTrue(PubSubCapabilities.known(capability));
        }
    }

    @Test
    void spellingIsExact() {
        assertEquals("ttl", PubSubCapabilities.capability(PubSubFeature.MESSAGE_TTL));
        assertEquals("wildcards", PubSubCapabilities.capability(PubSubFeature.SUBSCRIBE_WILDCARDS));
        assertEquals("bulkPublish", PubSubCapabilities.capability(PubSubFeature.BULK_PUBLISH));
        assertTrue(PubSubCapabilities.known("contentType"));
        assertNull(PubSubCapabilities.feature("contentType"));
        assertFalse(PubSubCapabilities.known("MESSAGE_TTL"));
        assertFalse(PubSubCapabilities.known("ETag"));
    }

    @Test
    void hintsHaveDefaults() {
        PubSubHints h = PubSubHints.DEFAULT;
        assertFalse(h.durableFromStart());
        assertFalse(h.durableSubscriptions());
        assertEquals(Duration.ofSeconds(30), h.redeliveryWithin());
        assertEquals("{base}/*", h.wildcardSubscribe());
        assertEquals(List.of("{base}/a", "{base}/b/c"), h.wildcardMatches());
    }

    @Test
    void hintsAreRead() {
        PubSubHints h = PubSubHints.of(Map.of("conformance.quapr.io/durable-from-start", "true",
                "conformance.quapr.io/durable-subscriptions", "yes", "conformance.quapr.io/redelivery-within", "1m30s",
                "conformance.quapr.io/wildcard-subscribe", "{base}.#",
                "conformance.quapr.io/wildcard-matches", "{base}.a, {base}.b.c"));
        assertTrue(h.durableFromStart());
        assertTrue(h.durableSubscriptions());
        assertEquals(Duration.ofSeconds(90), h.redeliveryWithin());
        assertEquals("{base}.#", h.wildcardSubscribe());
        assertEquals(List.of("{base}.a", "{base}.b.c"), h.wildcardMatches());
    }
}
