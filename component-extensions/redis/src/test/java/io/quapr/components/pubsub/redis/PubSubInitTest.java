package io.quapr.components.pubsub.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataException;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.pubsub.PublishRequest;
import io.quapr.spi.pubsub.SubscribeRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Start-up fails naming the problem; a closed component refuses work; no features are claimed. */
class PubSubInitTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private Uni<Void> init(RedisPubSub pubsub, Map<String, String> values) {
        ComponentMetadata md = ComponentMetadata
                .bind("broken", values, MetadataSchema.of(RedisPubSub.class), Set.of()).metadata();
        return pubsub.init(md, new ComponentContext(vertx, Clock.systemUTC(), "app", "", Path.of("target")));
    }

    @Test
    void anUnreachableServerFailsInitNamingIt() {
        RedisPubSub pubsub = new RedisPubSub();
        Throwable e = assertThrows(RuntimeException.class, () -> init(pubsub,
                Map.of("redisHost", "127.0.0.1:1", "redisMaxRetries", "-1")).await().atMost(Duration.ofSeconds(20)));
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
        pubsub.close().await().indefinitely();
    }

    @Test
    void badMetadataFailsInitNamingTheKey() {
        RedisPubSub pubsub = new RedisPubSub();
        Throwable e = assertThrows(RuntimeException.class,
                () -> init(pubsub, Map.of("redisHost", "127.0.0.1", "concurrency", "none")).await().indefinitely());
        assertEquals(MetadataException.class, e.getClass());
        assertTrue(e.getMessage().contains("concurrency"), e.getMessage());
        pubsub.close().await().indefinitely();
    }

    @Test
    void aClosedComponentRefusesToPublishAndSubscribe() {
        RedisPubSub pubsub = new RedisPubSub();
        init(pubsub, Map.of("redisHost", StreamFixture.HOST)).await().atMost(Duration.ofSeconds(20));
        pubsub.close().await().indefinitely();
        assertThrows(IllegalStateException.class, () -> pubsub
                .publish(new PublishRequest("t", new byte[0], null, Map.of())).await().indefinitely());
        assertThrows(IllegalStateException.class, () -> pubsub
                .subscribe(new SubscribeRequest("t", Map.of()), m -> Uni.createFrom().voidItem())
                .await().indefinitely());
    }

    @Test
    void noFeaturesAreClaimedAsDaprdClaimsNone() {
        assertEquals(Set.of(), new RedisPubSub().features());
    }
}
