package io.quapr.components.pubsub.rabbitmq;

import static io.quapr.components.pubsub.rabbitmq.RabbitFixture.await;
import static io.quapr.components.pubsub.rabbitmq.RabbitFixture.request;
import static io.quapr.components.pubsub.rabbitmq.RabbitFixture.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.pubsub.Message;
import io.quapr.spi.pubsub.PublishRequest;
import io.quapr.spi.pubsub.Subscription;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Delivery against the real broker: who gets a copy, when a message is acknowledged, and how
 * many handlers run at once.
 */
class DeliveryTest {

    @RegisterExtension
    final RabbitFixture rabbit = new RabbitFixture();

    private static final Duration QUIET = Duration.ofMillis(800);

    @Test
    void eachAppGetsACopyAndInstancesOfOneAppShareTheirs() throws Exception {
        String topic = rabbit.topic("billing");
        Inbox shopA = new Inbox();
        Inbox shopB = new Inbox();
        Inbox billing = new Inbox();
        subscribe(rabbit.pubsub("app", Map.of()), topic, Map.of(), shopA);
        subscribe(rabbit.pubsub("app", Map.of()), topic, Map.of(), shopB);
        subscribe(rabbit.pubsub("billing", Map.of()), topic, Map.of(), billing);
        RabbitMqPubSub publisher = rabbit.pubsub("publisher", Map.of());
        for (int i = 0; i < 20; i++) {
            await(publisher.publish(request(topic, "m" + i, Map.of())));
        }
        assertEquals(20, new HashSet<>(billing.texts(20)).size());
        Set<String> shop = new HashSet<>();
        long end = System.currentTimeMillis() + RabbitFixture.WAIT.toMillis();
        while (shop.size() < 20 && System.currentTimeMillis() < end) {
            Message m = pollEither(shopA, shopB);
            if (m != null) {
                assertTrue(shop.add(Inbox.text(m)), "one app got " + Inbox.text(m) + " twice");
            }
        }
        assertEquals(20, shop.size(), "the two instances of app 'app' together got every message once");
        shopA.nothingWithin(QUIET);
        shopB.nothingWithin(Duration.ZERO);
    }

    @Test
    void aMessageTheSidecarCannotTakeIsRequeuedAndComesBack() throws Exception {
        String topic = rabbit.topic();
        AtomicInteger calls = new AtomicInteger();
        Inbox inbox = new Inbox().answering(m -> calls.incrementAndGet() == 1
                ? Uni.createFrom().failure(new IllegalStateException("sidecar shutting down"))
                : Uni.createFrom().voidItem());
        RabbitMqPubSub pubsub = rabbit.pubsub(Map.of());
        subscribe(pubsub, topic, Map.of(), inbox);
        await(pubsub.publish(request(topic, "again", Map.of())));
        assertEquals(List.of("again", "again"), inbox.texts(2));
        inbox.nothingWithin(QUIET);
    }

    @Test
    void cancelLeavesInFlightMessagesUnacknowledgedForTheNextSubscriber() throws Exception {
        String topic = rabbit.topic();
        Map<String, String> keepQueue = Map.of("deletedWhenUnused", "false");
        RabbitMqPubSub pubsub = rabbit.pubsub(keepQueue);
        Inbox stuck = new Inbox().answering(m -> Uni.createFrom().nothing());
        Subscription first = subscribe(pubsub, topic, Map.of(), stuck);
        await(pubsub.publish(request(topic, "in flight", Map.of())));
        assertEquals("in flight", Inbox.text(stuck.next()));
        await(first.cancel());
        Inbox second = new Inbox();
        subscribe(pubsub, topic, Map.of(), second);
        assertEquals("in flight", Inbox.text(second.next()));
        stuck.nothingWithin(QUIET);
    }

    @Test
    void acknowledgedMessagesStayAcknowledgedAcrossSubscriptions() throws Exception {
        String topic = rabbit.topic();
        RabbitMqPubSub pubsub = rabbit.pubsub(Map.of("deletedWhenUnused", "false"));
        Inbox first = new Inbox();
        Subscription s = subscribe(pubsub, topic, Map.of(), first);
        await(pubsub.publish(request(topic, "once", Map.of())));
        assertEquals("once", Inbox.text(first.next()));
        Thread.sleep(200); // the ack is sent after the handler completes
        await(s.cancel());
        await(pubsub.publish(request(topic, "while away", Map.of())));
        Inbox second = new Inbox();
        subscribe(pubsub, topic, Map.of(), second);
        assertEquals("while away", Inbox.text(second.next()), "the queue outlived its consumer");
        second.nothingWithin(QUIET);
    }

    @Test
    void singleConcurrencyHandsOverOneAtATimeInOrder() throws Exception {
        String topic = rabbit.topic();
        RabbitMqPubSub pubsub = rabbit.pubsub(Map.of("concurrencyMode", "single"));
        Inbox inbox = new Inbox().answering(m -> Uni.createFrom().voidItem().onItem().delayIt()
                .by(Duration.ofMillis(20)));
        subscribe(pubsub, topic, Map.of(), inbox);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add("s" + i);
            await(pubsub.publish(request(topic, "s" + i, Map.of())));
        }
        assertEquals(sent, inbox.texts(10));
        assertEquals(1, inbox.maxInFlight());
    }

    @Test
    void prefetchCountBoundsTheHandlersInFlight() throws Exception {
        String topic = rabbit.topic();
        RabbitMqPubSub pubsub = rabbit.pubsub(Map.of("prefetchCount", "3"));
        CompletableFuture<Void> release = new CompletableFuture<>();
        Inbox inbox = new Inbox().answering(m -> Uni.createFrom().completionStage(release));
        subscribe(pubsub, topic, Map.of(), inbox);
        for (int i = 0; i < 10; i++) {
            await(pubsub.publish(request(topic, "p" + i, Map.of())));
        }
        inbox.texts(3);
        inbox.nothingWithin(QUIET);
        assertEquals(3, inbox.maxInFlight());
        release.complete(null);
        assertEquals(7, inbox.texts(7).size());
    }

    @Test
    void unboundedByDefaultHandlersRunInParallel() throws Exception {
        String topic = rabbit.topic();
        RabbitMqPubSub pubsub = rabbit.pubsub(Map.of());
        CompletableFuture<Void> release = new CompletableFuture<>();
        Inbox inbox = new Inbox().answering(m -> Uni.createFrom().completionStage(release));
        subscribe(pubsub, topic, Map.of(), inbox);
        for (int i = 0; i < 10; i++) {
            await(pubsub.publish(request(topic, "p" + i, Map.of())));
        }
        inbox.texts(10);
        assertEquals(10, inbox.maxInFlight());
        release.complete(null);
    }

    @Test
    void routingKeysSelectMessagesOnADirectExchange() throws Exception {
        String topic = rabbit.topic();
        RabbitMqPubSub pubsub = rabbit.pubsub(Map.of("exchangeKind", "direct"));
        Inbox inbox = new Inbox();
        subscribe(pubsub, topic, Map.of("routingKey", "eu,us"), inbox);
        for (String key : List.of("eu", "asia", "us")) {
            await(pubsub.publish(request(topic, key, Map.of("routingKey", key))));
        }
        assertEquals(Set.of("eu", "us"), new HashSet<>(inbox.texts(2)));
        inbox.nothingWithin(QUIET);
    }

    @Test
    void anExpiredMessageIsNeverDelivered() throws Exception {
        String topic = rabbit.topic();
        RabbitMqPubSub pubsub = rabbit.pubsub(Map.of("deletedWhenUnused", "false"));
        await(subscribe(pubsub, topic, Map.of(), new Inbox()).cancel());
        await(pubsub.publish(request(topic, "expires", Map.of("ttlInSeconds", "1"))));
        await(pubsub.publish(request(topic, "stays", Map.of())));
        Thread.sleep(1500);
        Inbox inbox = new Inbox();
        subscribe(pubsub, topic, Map.of(), inbox);
        assertEquals("stays", Inbox.text(inbox.next()));
        inbox.nothingWithin(QUIET);
    }

    @Test
    void contentTypeAndPropertiesArriveWithTheMessage() throws Exception {
        String topic = rabbit.topic();
        RabbitMqPubSub pubsub = rabbit.pubsub(Map.of("publishMessagePropertiesToMetadata", "true"));
        Inbox inbox = new Inbox();
        subscribe(pubsub, topic, Map.of(), inbox);
        await(pubsub.publish(new PublishRequest(topic, "{\"a\":1}".getBytes(),
                "application/cloudevents+json", Map.of("messageID", "m-7", "correlationID", "c-7"))));
        Message m = inbox.next();
        assertEquals(topic, m.topic());
        assertEquals("application/cloudevents+json", m.contentType());
        assertEquals(Map.of("metadata.messageid", "m-7", "metadata.correlationid", "c-7", "metadata.contenttype",
                "application/cloudevents+json"), m.metadata());
    }

    @Test
    void withoutTheOptionNoMetadataIsAdded() throws Exception {
        String topic = rabbit.topic();
        RabbitMqPubSub pubsub = rabbit.pubsub(Map.of());
        Inbox inbox = new Inbox();
        subscribe(pubsub, topic, Map.of(), inbox);
        await(pubsub.publish(request(topic, "plain", Map.of("messageID", "m-8"))));
        assertEquals(Map.of(), inbox.next().metadata());
    }

    @Test
    void manyConcurrentPublishesAreAllConfirmedAndDelivered() throws Exception {
        String topic = rabbit.topic();
        RabbitMqPubSub pubsub = rabbit.pubsub(Map.of());
        Inbox inbox = new Inbox();
        subscribe(pubsub, topic, Map.of(), inbox);
        List<Uni<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            sends.add(pubsub.publish(request(topic, "c" + i, Map.of())));
        }
        await(Uni.join().all(sends).andFailFast().replaceWithVoid());
        assertEquals(500, new HashSet<>(inbox.texts(500)).size());
    }

    @Test
    void withoutPublisherConfirmsMessagesStillArrive() throws Exception {
        String topic = rabbit.topic();
        RabbitMqPubSub pubsub = rabbit.pubsub(Map.of("publisherConfirm", "false"));
        Inbox inbox = new Inbox();
        subscribe(pubsub, topic, Map.of(), inbox);
        for (int i = 0; i < 5; i++) {
            await(pubsub.publish(request(topic, "n" + i, Map.of())));
        }
        assertEquals(List.of("n0", "n1", "n2", "n3", "n4"), inbox.texts(5));
    }

    @Test
    void withAutoAckAFailedHandlerLosesTheMessageAsDaprdDoes() throws Exception {
        String topic = rabbit.topic();
        RabbitMqPubSub pubsub = rabbit.pubsub(Map.of("autoAck", "true"));
        Inbox inbox = new Inbox().answering(m -> Uni.createFrom().failure(new IllegalStateException("no")));
        subscribe(pubsub, topic, Map.of(), inbox);
        await(pubsub.publish(request(topic, "gone", Map.of())));
        assertEquals("gone", Inbox.text(inbox.next()));
        inbox.nothingWithin(QUIET);
    }

    private static Message pollEither(Inbox a, Inbox b) throws InterruptedException {
        Message m = a.poll(Duration.ofMillis(10));
        return m != null ? m : b.poll(Duration.ofMillis(10));
    }
}
