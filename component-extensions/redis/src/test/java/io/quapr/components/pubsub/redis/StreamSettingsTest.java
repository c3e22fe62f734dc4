package io.quapr.components.pubsub.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.components.redis.RedisSettings;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import io.quapr.spi.MetadataSchema;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The stream settings read as daprd reads them, with the defaults daprd runs with. */
class StreamSettingsTest {

    private static StreamSettings settings(String appId, String... keyValues) {
        Map<String, String> raw = new HashMap<>(Map.of("redisHost", "h"));
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put(keyValues[i], keyValues[i + 1]);
        }
        ComponentMetadata.Bound bound = ComponentMetadata.bind("p", raw, MetadataSchema.of(RedisPubSub.class),
                Set.of());
        assertEquals(List.of(), bound.warnings(), "every key read is declared in metadata.yaml");
        return StreamSettings.from(bound.metadata(), appId, RedisSettings.forPubSub(bound.metadata()));
    }

    @Test
    void defaultsAreDaprdsAndTheGroupIsTheAppId() {
        StreamSettings s = settings("checkout");
        assertEquals("checkout", s.consumerId());
        assertEquals(10, s.concurrency());
        assertEquals(100, s.queueDepth());
        assertEquals(Duration.ofSeconds(60), s.processingTimeout());
        assertEquals(Duration.ofSeconds(15), s.redeliverInterval());
        assertEquals(0, s.maxLenApprox());
        assertEquals(Duration.ZERO, s.streamTtl());
        assertEquals(Duration.ofSeconds(3), s.block(), "the read blocks for readTimeout");
        assertTrue(s.redelivers());
    }

    @Test
    void consumerIdOverridesTheAppIdAndOneOfThemIsNeeded() {
        assertEquals("group-1", settings("checkout", "consumerID", "group-1").consumerId());
        MetadataException e = assertThrows(MetadataException.class, () -> settings(""));
        assertTrue(e.getMessage().contains("consumerID"), e.getMessage());
    }

    @Test
    void durationsAreGoDurationsOrMillisecondsAndZeroDisablesRedelivery() {
        StreamSettings s = settings("a", "processingTimeout", "1500", "redeliverInterval", "2s", "streamTTL", "1h",
                "maxLenApprox", "1000", "readTimeout", "-1");
        assertEquals(Duration.ofMillis(1500), s.processingTimeout());
        assertEquals(Duration.ofSeconds(2), s.redeliverInterval());
        assertEquals(Duration.ofHours(1), s.streamTtl());
        assertEquals(1000, s.maxLenApprox());
        assertEquals(Duration.ZERO, s.block(), "no read timeout: the read waits until entries arrive");

        assertFalse(settings("a", "processingTimeout", "0").redelivers());
        assertFalse(settings("a", "redeliverInterval", "0s").redelivers());
    }

    @Test
    void badValuesNameTheirKey() {
        for (String[] bad : List.of(new String[] { "concurrency", "0" }, new String[] { "queueDepth", "-1" },
                new String[] { "processingTimeout", "soon" }, new String[] { "redeliverInterval", "-5s" },
                new String[] { "maxLenApprox", "-1" }, new String[] { "streamTTL", "a week" })) {
            MetadataException e = assertThrows(MetadataException.class, () -> settings("a", bad[0], bad[1]));
            assertTrue(e.getMessage().contains(bad[0]), e.getMessage());
        }
    }

    @Test
    void pagingThroughThePendingListStartsAfterTheLastId() {
        assertEquals("1700000000000-1", PendingReclaimer.nextId("1700000000000-0"));
        assertEquals("5-18446744073709551615", PendingReclaimer.nextId("5-18446744073709551614"));
        assertEquals("6-0", PendingReclaimer.nextId("5-18446744073709551615"));
    }

    @Test
    void theReaderConnectionNameHasNoSpaces() {
        assertEquals("quapr-sub:app:orders/eu_west", StreamReader.clientName("app", "orders/eu west"));
    }
}
