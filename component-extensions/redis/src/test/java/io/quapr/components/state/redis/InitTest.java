package io.quapr.components.state.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.state.StateFeature;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Start-up fails with a message naming the problem: bad metadata, or no server to talk to. */
class InitTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private Throwable initFailure(Map<String, String> values) {
        ComponentMetadata md = ComponentMetadata
                .bind("broken", values, MetadataSchema.of(RedisStateStore.class), Set.of()).metadata();
        RedisStateStore store = new RedisStateStore();
        try {
            return assertThrows(RuntimeException.class, () -> store
                    .init(md, new ComponentContext(vertx, Clock.systemUTC(), "app", "", Path.of("target")))
                    .await().atMost(Duration.ofSeconds(20)));
        } finally {
            store.close().await().indefinitely();
        }
    }

    @Test
    void anUnreachableServerFailsInitNamingIt() {
        // port 1 on loopback: refused at once; no retries so the test does not wait
        Throwable e = initFailure(Map.of("redisHost", "127.0.0.1:1", "redisMaxRetries", "-1"));
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
    }

    @Test
    void badMetadataFailsInitNamingTheKey() {
        Throwable e = initFailure(Map.of("redisHost", "127.0.0.1", "redisType", "ring"));
        assertEquals(MetadataException.class, e.getClass());
        assertTrue(e.getMessage().contains("redisType"), e.getMessage());
    }

    @Test
    void aDefaultTtlMustBeANumber() {
        Throwable e = initFailure(Map.of("redisHost", "127.0.0.1", "ttlInSeconds", "ten"));
        assertEquals(MetadataException.class, e.getClass());
        assertTrue(e.getMessage().contains("ttlInSeconds"), e.getMessage());
    }

    @Test
    void featuresAreThoseOfDaprdsRedisStoreWithoutQuery() {
        assertEquals(Set.of(StateFeature.ETAG, StateFeature.TRANSACTIONAL, StateFeature.TTL, StateFeature.KEYS_LIKE),
                new RedisStateStore().features());
    }
}
