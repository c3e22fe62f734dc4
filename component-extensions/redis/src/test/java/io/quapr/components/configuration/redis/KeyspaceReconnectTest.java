package io.quapr.components.configuration.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.configuration.ConfigurationUpdate;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A subscription survives losing its connection: the server drops it ({@code CLIENT KILL}, as a
 * restart or a proxy would), and a change made after the new connection subscribed is reported.
 */
class KeyspaceReconnectTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final Vertx vertx = Vertx.vertx();
    private final Redis raw = Redis.createClient(vertx, "redis://127.0.0.1:6379/0");
    private final RedisConfigurationStore store = new RedisConfigurationStore();

    @AfterEach
    void close() {
        await(store.close());
        raw.close();
        vertx.close();
    }

    @Test
    void aKilledSubscriptionConnectionIsReplaced() throws InterruptedException {
        ComponentMetadata md = ComponentMetadata.bind("test-config", Map.of("redisHost", "127.0.0.1:6379"),
                MetadataSchema.of(RedisConfigurationStore.class), Set.of()).metadata();
        await(store.init(md, new ComponentContext(vertx, Clock.systemUTC(), "app", "", Path.of("target"))));
        String key = "quapr-test-config-" + UUID.randomUUID();
        BlockingQueue<ConfigurationUpdate> updates = new LinkedBlockingQueue<>();
        String id = await(store.subscribe(List.of(key), Map.of(), updates::add));

        String name = "quapr-config:" + id;
        String before = clientId(name);
        assertNotNull(before, "the subscription's connection is named " + name);
        send(Command.CLIENT, "KILL", "ID", before);

        // once a new connection carries the name and listens again, changes are reported
        long end = System.nanoTime() + WAIT.toNanos();
        String after = clientId(name);
        while ((after == null || after.equals(before) || subscribers("__keyspace@0__:" + key) == 0)
                && System.nanoTime() < end) {
            Thread.sleep(50);
            after = clientId(name);
        }
        if (after == null || after.equals(before)) {
            fail("no new connection named " + name + " within " + WAIT);
        }
        send(Command.SET, key, "back||2");
        ConfigurationUpdate u = updates.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(u, "no update after the reconnection");
        assertEquals("back", u.items().get(key).value());
        send(Command.DEL, key);
    }

    /** The id of the connection named so, from {@code CLIENT LIST}; {@code null} if none. */
    private String clientId(String name) {
        for (String line : send(Command.CLIENT, "LIST").toString().split("\n")) {
            if (line.contains(" name=" + name + " ")) {
                for (String field : line.split(" ")) {
                    if (field.startsWith("id=")) {
                        return field.substring(3);
                    }
                }
            }
        }
        return null;
    }

    private long subscribers(String channel) {
        return send(Command.PUBSUB, "NUMSUB", channel).get(1).toLong();
    }

    private Response send(Command command, Object... args) {
        return await(Uni.createFrom().completionStage(() -> raw.send(Request.cmd(command, args)).toCompletionStage()));
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }
}
