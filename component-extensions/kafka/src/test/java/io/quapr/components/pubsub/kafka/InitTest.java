package io.quapr.components.pubsub.kafka;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.ComponentContext;
import io.quapr.spi.MetadataException;
import io.quapr.spi.pubsub.SubscribeRequest;
import io.smallrye.mutiny.Uni;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Init and the calls refused before anything reaches the broker. */
class InitTest {

    @RegisterExtension
    final KafkaFixture kafka = new KafkaFixture();

    private RuntimeException initFails(Map<String, String> values, String appId) {
        Map<String, String> md = new HashMap<>(Map.of("brokers", KafkaFixture.BROKERS, "authType", "none"));
        md.putAll(values);
        KafkaPubSub pubsub = new KafkaPubSub();
        ComponentContext ctx = new ComponentContext(kafka.vertx, Clock.systemUTC(), appId, "", Path.of("target"));
        return assertThrows(RuntimeException.class, () -> KafkaFixture.await(pubsub.init(KafkaFixture.bind(md), ctx)));
    }

    @Test
    void initFailsWithinDialTimeoutWhenNoBrokerAnswers() {
        long start = System.nanoTime();
        RuntimeException e = initFails(Map.of("brokers", "127.0.0.1:1", "dialTimeout", "1s"), "app");
        assertTrue(e.getMessage().contains("no broker of '127.0.0.1:1' answered"), e.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(8));
    }

    @Test
    void authenticationOtherThanNoneIsRefusedClearly() {
        RuntimeException e = initFails(Map.of("authType", "password", "saslUsername", "u"), "app");
        assertTrue(e instanceof MetadataException, e.toString());
        assertTrue(e.getMessage().contains("authType 'password' is not supported"), e.getMessage());
    }

    @Test
    void anUnknownAuthTypeOrOffsetIsAMetadataError() {
        assertTrue(initFails(Map.of("authType", "kerberos"), "app") instanceof MetadataException);
        assertTrue(initFails(Map.of("initialOffset", "latest"), "app").getMessage().contains("invalid initialOffset"));
    }

    @Test
    void subscribingNeedsAGroupButPublishingDoesNot() {
        Map<String, String> md = Map.of("brokers", KafkaFixture.BROKERS, "authType", "none");
        KafkaPubSub pubsub = new KafkaPubSub();
        KafkaFixture.await(pubsub.init(KafkaFixture.bind(md),
                new ComponentContext(kafka.vertx, Clock.systemUTC(), "", "", Path.of("target"))));
        try {
            KafkaFixture.publish(pubsub, KafkaFixture.newTopic(), "fine", Map.of());
            RuntimeException e = assertThrows(RuntimeException.class, () -> KafkaFixture.await(
                    pubsub.subscribe(new SubscribeRequest("t", Map.of()), m -> Uni.createFrom().voidItem())));
            assertTrue(e.getMessage().contains("no consumerGroup"), e.getMessage());
        } finally {
            KafkaFixture.await(pubsub.close());
        }
    }

    @Test
    void avroIsRefused() {
        KafkaPubSub pubsub = kafka.pubsub();
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> KafkaFixture.publish(pubsub, KafkaFixture.newTopic(), "{}", Map.of("valueSchemaType", "Avro")));
        assertTrue(e.getMessage().contains("valueSchemaType 'Avro' is not supported"), e.getMessage());
    }
}
