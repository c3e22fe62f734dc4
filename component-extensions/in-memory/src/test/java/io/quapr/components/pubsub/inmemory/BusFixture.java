package io.quapr.components.pubsub.inmemory;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.pubsub.Message;
import io.quapr.spi.pubsub.MessageHandler;
import io.quapr.spi.pubsub.PublishRequest;
import io.quapr.spi.pubsub.SubscribeRequest;
import io.quapr.spi.pubsub.Subscription;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** An initialised pub/sub on its own Vert.x; close it after use. */
final class BusFixture implements AutoCloseable {

    final Vertx vertx = Vertx.vertx();
    final InMemoryPubSub bus = new InMemoryPubSub();

    BusFixture() {
        this(Map.of());
    }

    BusFixture(Map<String, String> metadata) {
        await(bus.init(bind(metadata), new ComponentContext(vertx, Clock.systemUTC(), "app", "", Path.of("."))));
    }

    static ComponentMetadata bind(Map<String, String> metadata) {
        return ComponentMetadata.bind("test", metadata, MetadataSchema.of(InMemoryPubSub.class), Set.of()).metadata();
    }

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(10));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(Message m) {
        return new String(m.data(), StandardCharsets.UTF_8);
    }

    void publish(String topic, String text) {
        await(bus.publish(new PublishRequest(topic, utf8(text), "text/plain", Map.of())));
    }

    Subscription subscribe(String topic, MessageHandler handler) {
        return await(bus.subscribe(new SubscribeRequest(topic, Map.of()), handler));
    }

    /** A handler that records texts and accepts everything. */
    static MessageHandler recording(List<String> into) {
        return m -> {
            synchronized (into) {
                into.add(text(m));
            }
            return Uni.createFrom().voidItem();
        };
    }

    static List<String> snapshot(List<String> list) {
        synchronized (list) {
            return new ArrayList<>(list);
        }
    }

    /** Polls until {@code condition} holds, failing after five seconds. */
    static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        await(bus.close());
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
