package io.quapr.components.pubsub.kafka;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataSchema;
import io.quapr.spi.pubsub.Message;
import io.quapr.spi.pubsub.PublishRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test broker on 127.0.0.1:9092 ({@code scripts/services.sh start kafka}) seen through
 * {@link KafkaPubSub} instances and an admin client. Every test uses new topics and a new
 * consumer group, so runs never see each other's messages or offsets.
 * <p>
 * Declared as {@code @RegisterExtension final KafkaFixture kafka = new KafkaFixture();}: one
 * fixture per test method, closed after it.
 */
final class KafkaFixture implements AfterEachCallback {

    static final String BROKERS = "127.0.0.1:9092";
    static final Duration WAIT = Duration.ofSeconds(20);

    final Vertx vertx = Vertx.vertx();
    final String group = "quapr-test-" + UUID.randomUUID();
    private final List<KafkaPubSub> components = new ArrayList<>();
    private Admin admin;

    /** A component on the test broker with the fixture's group and these extra metadata values. */
    KafkaPubSub pubsub(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of("brokers", BROKERS, "authType", "none",
                "consumerGroup", group, "consumeRetryInterval", "50ms", "heartbeatInterval", "300ms"));
        values.putAll(extra);
        KafkaPubSub pubsub = new KafkaPubSub();
        await(pubsub.init(bind(values), context()));
        components.add(pubsub);
        return pubsub;
    }

    KafkaPubSub pubsub() {
        return pubsub(Map.of());
    }

    ComponentContext context() {
        return new ComponentContext(vertx, Clock.systemUTC(), "test-app", "", Path.of("target"));
    }

    static ComponentMetadata bind(Map<String, String> values) {
        return ComponentMetadata.bind("test-kafka", values, MetadataSchema.of(KafkaPubSub.class), Set.of()).metadata();
    }

    /** A topic name no run has used. */
    static String newTopic() {
        return "quapr-test-" + UUID.randomUUID();
    }

    /** Creates a topic with this many partitions. */
    String topic(int partitions) {
        String topic = newTopic();
        try {
            admin().createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + topic, e);
        }
        return topic;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Properties p = new Properties();
            p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, BROKERS);
            admin = Admin.create(p);
        }
        return admin;
    }

    static void publish(KafkaPubSub pubsub, String topic, String data, Map<String, String> metadata) {
        await(pubsub.publish(new PublishRequest(topic, data.getBytes(StandardCharsets.UTF_8), "text/plain", metadata)));
    }

    static String text(Message m) {
        return new String(m.data(), StandardCharsets.UTF_8);
    }

    /** Takes the next message, failing the test if none comes within {@link #WAIT}. */
    static Message next(BlockingQueue<Message> queue) {
        try {
            Message m = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(m != null, "no message within " + WAIT);
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A queue and a handler that puts every message into it and takes it. */
    static BlockingQueue<Message> queue() {
        return new LinkedBlockingQueue<>();
    }

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        components.forEach(c -> await(c.close()));
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
