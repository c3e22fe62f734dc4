package io.quapr.components.pubsub.aws.snssqs;

import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.TIMEOUT;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.await;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.metadata;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.newName;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.publish;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.start;
import static io.quapr.components.pubsub.aws.snssqs.SnsSqsTesting.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.components.aws.Moto;
import io.quapr.spi.pubsub.PublishRequest;
import io.quapr.spi.pubsub.SubscribeRequest;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsAsyncClient;
import software.amazon.awssdk.services.sns.model.NotFoundException;

/**
 * With disableEntityManagement nothing is created: existing topics, queues and subscriptions are
 * found (the account id from STS or the metadata), and a missing one is an error.
 */
class SnsSqsEntityManagementTest {

    private static Vertx vertx;

    @BeforeAll
    static void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void tearDown() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void existingEntitiesAreFoundAndUsed() throws Exception {
        String app = newName("managed");
        String topic = newName("existing");
        // an operator's set-up: here the component itself with management on
        SnsSqsPubSub setUp = start(vertx, metadata(Map.of("consumerID", app)));
        await(setUp.subscribe(new SubscribeRequest(topic, Map.of()), m -> null));
        await(setUp.close());

        for (Map<String, String> extra : List.<Map<String, String>>of(Map.of(),
                Map.of("accountId", Moto.ACCOUNT))) {
            Map<String, String> m = new HashMap<>(metadata(Map.of("consumerID", app,
                    "disableEntityManagement", "true")));
            m.putAll(extra);
            SnsSqsPubSub pubsub = start(vertx, m);
            try {
                SnsSqsTesting.Recorder r = SnsSqsTesting.Recorder.accepting();
                subscribe(pubsub, topic, r);
                publish(pubsub, topic, "found " + extra);
                assertTrue(r.await(seen -> !seen.isEmpty(), TIMEOUT), "nothing arrived");
                assertEquals(List.of("found " + extra), r.texts());
            } finally {
                await(pubsub.close());
            }
        }
    }

    @Test
    void nothingMissingIsCreated() {
        String topic = newName("missing");
        SnsSqsPubSub pubsub = start(vertx, metadata(Map.of("disableEntityManagement", "true")));
        try {
            assertThrows(NotFoundException.class, () -> await(pubsub.publish(
                    new PublishRequest(topic, new byte[] { 'x' }, "text/plain", Map.of()))));
            assertThrows(NotFoundException.class, () -> await(pubsub.subscribe(new SubscribeRequest(topic, Map.of()),
                    m -> null)));
            try (SnsAsyncClient sns = SnsSqsTesting.rawSns()) {
                String topics = sns.listTopics().join().topics().toString();
                assertTrue(!topics.contains(topic), "created " + topic);
            }
        } finally {
            await(pubsub.close());
        }
    }
}
