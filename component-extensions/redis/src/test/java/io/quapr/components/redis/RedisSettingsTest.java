package io.quapr.components.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.components.pubsub.redis.RedisPubSub;
import io.quapr.components.state.redis.RedisStateStore;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import io.quapr.spi.MetadataSchema;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Metadata read as daprd's Redis settings read it, with each block's own defaults. */
class RedisSettingsTest {

    private static ComponentMetadata bind(Class<?> component, String... keyValues) {
        Map<String, String> raw = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put(keyValues[i], keyValues[i + 1]);
        }
        ComponentMetadata.Bound bound = ComponentMetadata.bind("r", raw, MetadataSchema.of(component), Set.of());
        assertEquals(List.of(), bound.warnings(), "every key daprd's redis component reads is declared");
        return bound.metadata();
    }

    private static RedisSettings settings(String... keyValues) {
        return RedisSettings.forStateStore(bind(RedisStateStore.class, keyValues));
    }

    private static RedisSettings pubSubSettings(String... keyValues) {
        return RedisSettings.forPubSub(bind(RedisPubSub.class, keyValues));
    }

    @Test
    void defaultsAreDaprdsStateDefaults() {
        RedisSettings s = settings("redisHost", "localhost");
        assertEquals(List.of("localhost:6379"), s.addresses());
        assertEquals(0, s.db());
        assertEquals(3, s.maxRetries());
        assertEquals(Duration.ofSeconds(2), s.minRetryBackoff());
        assertEquals(Duration.ofMillis(512), s.maxRetryBackoff());
        assertEquals(Duration.ofSeconds(5), s.dialTimeout());
        assertEquals(Duration.ofSeconds(3), s.commandTimeout());
        assertEquals(10 * Runtime.getRuntime().availableProcessors(), s.poolSize());
        assertNull(s.sentinelMaster());
        assertEquals("redis://localhost:6379/0", RedisClientOptions.connectionString(s, s.addresses().get(0)));
    }

    @Test
    void theClientDoesNotRetryWhereTheSidecarDoes() {
        RedisSettings s = settings("redisHost", "localhost", "redisMaxRetries", "5");
        ComponentContext plain = new ComponentContext(null, Clock.systemUTC(), "app", "", Path.of("."));
        assertEquals(5, s.in(plain).maxRetries());
        RedisSettings underPolicy = s.in(plain.withSidecarRetries(true));
        assertEquals(0, underPolicy.maxRetries(), "a Resiliency retry policy replaces redisMaxRetries");
        assertEquals(s.commandTimeout(), underPolicy.commandTimeout());
        assertEquals(s.addresses(), underPolicy.addresses());
    }

    @Test
    void hostsTakeTheirPortFromRedisPortOrTheirOwn() {
        assertEquals(List.of("a:7000", "b:7000"), settings("redisHost", "a, b", "redisPort", "7000").addresses());
        assertEquals(List.of("a:7000"), settings("redisHost", "a:7000", "redisPort", "7000").addresses());
        assertEquals(List.of("[::1]:6379", "[::1]:6380"), RedisSettings.addresses("::1,[::1]:6380", 0));
        MetadataException e = assertThrows(MetadataException.class,
                () -> settings("redisHost", "a:7000", "redisPort", "7001"));
        assertTrue(e.getMessage().contains("redisPort"), e.getMessage());
    }

    @Test
    void durationsAreMillisecondsWhenBareAndMinusOneDisables() {
        RedisSettings s = settings("redisHost", "h", "dialTimeout", "250", "readTimeout", "-1",
                "redisMinRetryInterval", "8ms", "redisMaxRetryInterval", "1s", "idleTimeout", "-1");
        assertEquals(Duration.ofMillis(250), s.dialTimeout());
        assertNull(s.commandTimeout());
        assertEquals(Duration.ofMillis(8), s.minRetryBackoff());
        assertEquals(Duration.ofSeconds(1), s.maxRetryBackoff());
        assertNull(s.idleTimeout());
        assertThrows(MetadataException.class, () -> settings("redisHost", "h", "readTimeout", "soon"));
    }

    @Test
    void legacyRetryKeysApplyOnlyWhenTheNewOnesAreAbsent() {
        RedisSettings legacy = settings("redisHost", "h", "maxRetries", "7", "maxRetryBackoff", "5000000");
        assertEquals(7, legacy.maxRetries());
        assertEquals(Duration.ofMillis(5), legacy.minRetryBackoff(), "maxRetryBackoff counts nanoseconds");

        RedisSettings both = settings("redisHost", "h", "maxRetries", "7", "redisMaxRetries", "-1",
                "maxRetryBackoff", "5000000", "redisMinRetryInterval", "20ms");
        assertEquals(0, both.maxRetries());
        assertEquals(Duration.ofMillis(20), both.minRetryBackoff());
    }

    @Test
    void credentialsAreEncodedIntoTheConnectionString() {
        RedisSettings s = settings("redisHost", "h:1", "redisUsername", "me", "redisPassword", "p@ss:w rd+/",
                "redisDB", "3", "enableTLS", "true");
        assertEquals("rediss://me:p%40ss%3Aw%20rd%2B%2F@h:1/3", RedisClientOptions.connectionString(s, "h:1"));
    }

    @Test
    void clusterIgnoresTheDatabaseAndFailoverNeedsAMasterName() {
        RedisSettings cluster = settings("redisHost", "a:1,b:2", "redisType", "cluster", "redisDB", "4");
        assertTrue(cluster.cluster());
        assertEquals("redis://a:1", RedisClientOptions.connectionString(cluster, "a:1"));

        assertThrows(MetadataException.class, () -> settings("redisHost", "h", "failover", "true"));
        assertEquals("mymaster",
                settings("redisHost", "h", "failover", "true", "sentinelMasterName", "mymaster").sentinelMaster());
        assertThrows(MetadataException.class, () -> settings("redisHost", "h", "redisType", "sentinel"));
    }

    @Test
    void pubSubHasGoRedisRetryDefaultsAndNoLegacyKeys() {
        RedisSettings s = pubSubSettings("redisHost", "localhost:6380");
        assertEquals(List.of("localhost:6380"), s.addresses());
        assertEquals(3, s.maxRetries());
        assertEquals(Duration.ofMillis(8), s.minRetryBackoff());
        assertEquals(Duration.ofMillis(512), s.maxRetryBackoff());
        assertEquals(Duration.ofSeconds(3), s.commandTimeout());

        RedisSettings tuned = pubSubSettings("redisHost", "h", "redisMaxRetries", "-1", "redisMinRetryInterval",
                "20", "enableTLS", "true", "redisPassword", "pw");
        assertEquals(0, tuned.maxRetries());
        assertEquals(Duration.ofMillis(20), tuned.minRetryBackoff());
        assertEquals("rediss://:pw@h:6379/0", RedisClientOptions.connectionString(tuned, "h:6379"));
    }
}
