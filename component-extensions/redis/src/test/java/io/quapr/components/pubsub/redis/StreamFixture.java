package io.quapr.components.pubsub.redis;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.pubsub.PublishRequest;
import io.quapr.spi.pubsub.SubscribeRequest;
import io.quapr.spi.pubsub.Subscription;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Redis server seen two ways: through {@link RedisPubSub} components, and through a raw client
 * that reads and writes streams as daprd does. Streams are named {@code quapr-test-<uuid>-...},
 * unique to the fixture, and deleted after each test with every component it made.
 * <p>
 * A test class declares it as {@code @RegisterExtension final StreamFixture redis = new StreamFixture();}.
 */
final class StreamFixture implements AfterEachCallback {

    static final String HOST = "127.0.0.1:6379";
    static final String APP_ID = "stream-test-app";
    static final Duration WAIT = Duration.ofSeconds(20);

    final Vertx vertx = Vertx.vertx();
    final String host;
    final Redis raw;
    private final String prefix = "quapr-test-" + UUID.randomUUID() + "-";
    private final List<RedisPubSub> components = new ArrayList<>();
    private final List<Subscription> subscriptions = new ArrayList<>();

    StreamFixture() {
        this(HOST);
    }

    /** A fixture on another server ({@code host:port}), such as one a test started itself. */
    StreamFixture(String host) {
        this.host = host;
        this.raw = Redis.createClient(vertx, "redis://" + host + "/0");
    }

    /** A stream name unique to this fixture. */
    String topic(String name) {
        return prefix + name;
    }

    /** A component on the fixture's server with these extra metadata values. */
    RedisPubSub pubsub(Map<String, String> extra) {
        return pubsub(extra, Clock.systemUTC());
    }

    /** The same, with a clock of the test's. */
    RedisPubSub pubsub(Map<String, String> extra, Clock clock) {
        Map<String, String> values = new HashMap<>(Map.of("redisHost", host));
        values.putAll(extra);
        ComponentMetadata md = ComponentMetadata
                .bind("test-pubsub", values, MetadataSchema.of(RedisPubSub.class), Set.of()).metadata();
        RedisPubSub pubsub = new RedisPubSub();
        synchronized (components) {
            components.add(pubsub);
        }
        await(pubsub.init(md, context(clock)));
        return pubsub;
    }

    ComponentContext context(Clock clock) {
        return new ComponentContext(vertx, clock, APP_ID, "", Path.of("target"));
    }

    /** Subscribes; the subscription is cancelled after the test if the test does not. */
    Subscription subscribe(RedisPubSub pubsub, String topic, Recorder recorder) {
        Subscription s = await(pubsub.subscribe(new SubscribeRequest(topic, Map.of()), recorder));
        synchronized (subscriptions) {
            subscriptions.add(s);
        }
        return s;
    }

    static void publish(RedisPubSub pubsub, String topic, String text) {
        await(pubsub.publish(new PublishRequest(topic, utf8(text), "text/plain", Map.of())));
    }

    /** Runs a raw command. */
    Response raw(Command command, Object... args) {
        return await(Uni.createFrom().completionStage(() -> raw.send(Request.cmd(command, args)).toCompletionStage()));
    }

    /** How many entries of the stream the group holds as delivered but not acknowledged. */
    long pendingCount(String topic, String group) {
        return raw(Command.XPENDING, topic, group).get(0).toLong();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    /** Polls until the condition holds; false when {@code within} passed first. */
    static boolean eventually(Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        subscriptions.forEach(s -> await(s.cancel()));
        components.forEach(c -> await(c.close()));
        try {
            Response keys = raw(Command.KEYS, prefix + "*");
            for (Response k : keys) {
                raw(Command.DEL, k.toString());
            }
        } finally {
            raw.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
