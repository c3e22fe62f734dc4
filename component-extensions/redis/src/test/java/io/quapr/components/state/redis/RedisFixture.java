package io.quapr.components.state.redis;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataSchema;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test Redis on 127.0.0.1:6379 seen two ways: through a {@link RedisStateStore}, and through
 * a raw client that reads and writes hashes as daprd does. Every key a test uses starts with a
 * prefix unique to the fixture, and {@link #close} deletes them all, so runs never see each
 * other's keys.
 * <p>
 * A test class declares it as {@code @RegisterExtension final RedisFixture redis = new RedisFixture();}:
 * JUnit makes one test instance, so one fixture, per test method and closes it after each.
 */
final class RedisFixture implements AutoCloseable, AfterEachCallback {

    static final String HOST = "127.0.0.1:6379";
    private static final Duration WAIT = Duration.ofSeconds(15);

    final Vertx vertx = Vertx.vertx();
    final Redis raw = Redis.createClient(vertx, "redis://" + HOST + "/0");
    final String prefix = "quapr-test-" + UUID.randomUUID() + "||";
    private final List<RedisStateStore> stores = new ArrayList<>();

    /** A store with the fixture's connection and these extra metadata values. */
    RedisStateStore store(Clock clock, Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of("redisHost", HOST));
        values.putAll(extra);
        ComponentMetadata md = ComponentMetadata
                .bind("test-redis", values, MetadataSchema.of(RedisStateStore.class), Set.of()).metadata();
        RedisStateStore store = new RedisStateStore();
        await(store.init(md, new ComponentContext(vertx, clock, "app", "", Path.of("target"))));
        stores.add(store);
        return store;
    }

    /** A store with the system clock and no extra metadata. */
    RedisStateStore store() {
        return store(Clock.systemUTC(), Map.of());
    }

    /** A key unique to this fixture. */
    String key(String name) {
        return prefix + name;
    }

    /** Runs a raw command. */
    Response raw(Command command, Object... args) {
        return await(Uni.createFrom().completionStage(() -> raw.send(Request.cmd(command, args)).toCompletionStage()));
    }

    /** A field of a hash as bytes, or {@code null}. */
    byte[] field(String key, String field) {
        Response r = raw(Command.HGET, key, field);
        return r == null ? null : r.toBytes();
    }

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        Response keys = raw(Command.KEYS, prefix.replace("[", "\\[") + "*");
        for (Response k : keys) {
            raw(Command.DEL, k.toString());
        }
        stores.forEach(s -> await(s.close()));
        raw.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
