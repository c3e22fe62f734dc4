package io.quapr.components.pubsub.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.quapr.spi.ComponentContext;
import io.quapr.spi.ComponentMetadata;
import io.quapr.spi.MetadataSchema;
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
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test RabbitMQ on 127.0.0.1:5672 seen two ways: through {@link RabbitMqPubSub} components,
 * and through a raw AMQP connection that checks what the components declared and sent. Topic
 * names are unique per fixture; every exchange and queue a test names is deleted afterwards,
 * with the components closed first.
 * <p>
 * Declared per test class as {@code @RegisterExtension final RabbitFixture rabbit = new RabbitFixture();}.
 */
final class RabbitFixture implements AfterEachCallback {

    static final String URI = "amqp://guest:guest@127.0.0.1:5672";
    static final Duration WAIT = Duration.ofSeconds(15);

    final Vertx vertx = Vertx.vertx();
    private final List<RabbitMqPubSub> components = new ArrayList<>();
    private final Set<String> exchanges = new LinkedHashSet<>();
    private final Set<String> queues = new LinkedHashSet<>();
    private Connection admin;

    /** A component on the test broker with these extra metadata values and app id {@code app}. */
    RabbitMqPubSub pubsub(Map<String, String> extra) {
        return pubsub("app", extra);
    }

    /** A component on the test broker with this app id and these extra metadata values. */
    RabbitMqPubSub pubsub(String appId, Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of("connectionString", URI, "reconnectWaitSeconds", "200ms"));
        values.putAll(extra);
        RabbitMqPubSub pubsub = new RabbitMqPubSub();
        components.add(pubsub);
        await(pubsub.init(bind(values), new ComponentContext(vertx, Clock.systemUTC(), appId, "", Path.of("target"))));
        return pubsub;
    }

    /** Binds metadata against the component's metadata.yaml, as the sidecar does. */
    static ComponentMetadata bind(Map<String, String> values) {
        return ComponentMetadata.bind("test-rabbitmq", values, MetadataSchema.of(RabbitMqPubSub.class), Set.of())
                .metadata();
    }

    /** A new topic name; its exchange and the queues of the given consumer ids are deleted after the test. */
    String topic(String... consumerIds) {
        String topic = "quapr-test-" + UUID.randomUUID().toString().substring(0, 8);
        exchanges.add(topic);
        queues.add("app-" + topic);
        for (String id : consumerIds) {
            queues.add(id + "-" + topic);
        }
        return topic;
    }

    /** Deletes this exchange after the test. */
    void exchange(String name) {
        exchanges.add(name);
    }

    /** Deletes this queue after the test. */
    void queue(String name) {
        queues.add(name);
    }

    /** Publishes bytes with a content type and metadata. */
    static PublishRequest request(String topic, String data, Map<String, String> metadata) {
        return new PublishRequest(topic, data.getBytes(StandardCharsets.UTF_8), "text/plain",
                metadata);
    }

    /** Subscribes, waiting for the queue to be consumed. */
    static Subscription subscribe(RabbitMqPubSub pubsub, String topic, Map<String, String> metadata, Inbox inbox) {
        return await(pubsub.subscribe(new SubscribeRequest(topic, metadata), inbox));
    }

    /** A fresh raw channel: a failed passive declaration closes it, so each check takes its own. */
    Channel channel() throws Exception {
        if (admin == null || !admin.isOpen()) {
            ConnectionFactory cf = new ConnectionFactory();
            cf.setUri(URI);
            admin = cf.newConnection("quapr-test-admin");
        }
        return admin.createChannel();
    }

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (RabbitMqPubSub c : components) {
            try {
                c.close().await().atMost(WAIT);
            } catch (RuntimeException e) {
                // closing is best effort: the broker cleans up after dropped connections
            }
        }
        for (String q : queues) {
            try (Channel ch = channel()) {
                ch.queueDelete(q);
            } catch (Exception e) {
                // never declared by this test
            }
        }
        for (String x : exchanges) {
            try (Channel ch = channel()) {
                ch.exchangeDelete(x);
            } catch (Exception e) {
                // never declared by this test
            }
        }
        if (admin != null && admin.isOpen()) {
            admin.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }
}
