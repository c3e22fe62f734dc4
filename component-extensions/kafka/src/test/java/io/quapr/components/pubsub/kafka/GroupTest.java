package io.quapr.components.pubsub.kafka;

import static io.quapr.components.pubsub.kafka.KafkaFixture.await;
import static io.quapr.components.pubsub.kafka.KafkaFixture.next;
import static io.quapr.components.pubsub.kafka.KafkaFixture.publish;
import static io.quapr.components.pubsub.kafka.KafkaFixture.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quapr.spi.pubsub.Message;
import io.quapr.spi.pubsub.SubscribeRequest;
import io.quapr.spi.pubsub.Subscription;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two replicas of an app in one consumer group: the messages are shared, and none is lost. */
class GroupTest {

    @RegisterExtension
    final KafkaFixture kafka = new KafkaFixture();

    @Test
    void aReplicaLeavingHandsItsUnfinishedMessagesToTheOther() {
        String topic = kafka.topic(2);
        KafkaPubSub replicaA = kafka.pubsub();
        KafkaPubSub replicaB = kafka.pubsub();
        BlockingQueue<Message> stuckInA = KafkaFixture.queue();
        BlockingQueue<Message> takenByB = KafkaFixture.queue();
        // A never finishes a message; B takes everything. Nothing is committed on A's partition
        // but the start position: with initialOffset newest, B must start there, not at the end
        Subscription a = await(replicaA.subscribe(new SubscribeRequest(topic, Map.of()), m -> {
            stuckInA.add(m);
            return Uni.createFrom().nothing();
        }));
        await(replicaB.subscribe(new SubscribeRequest(topic, Map.of()), PublishSubscribeTest.into(takenByB)));

        publish(replicaA, topic, "m0", Map.of("partitionNumber", "0"));
        publish(replicaA, topic, "m1", Map.of("partitionNumber", "1"));
        // the range assignor gives each replica one partition
        String inA = text(next(stuckInA));
        String inB = text(next(takenByB));
        assertEquals(Set.of("m0", "m1"), Set.of(inA, inB));

        await(a.cancel());
        // B now owns both partitions; A's message was never acknowledged, so B gets it
        assertEquals(inA, text(next(takenByB)));
        publish(replicaB, topic, "m2", Map.of("partitionNumber", inA.equals("m0") ? "0" : "1"));
        assertEquals("m2", text(next(takenByB)));
    }
}
