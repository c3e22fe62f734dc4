package io.quapr.components.pubsub.rabbitmq;

import static io.quapr.components.pubsub.rabbitmq.RabbitFixture.await;
import static io.quapr.components.pubsub.rabbitmq.RabbitFixture.request;
import static io.quapr.components.pubsub.rabbitmq.RabbitFixture.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.pubsub.Subscription;
import io.smallrye.mutiny.Uni;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker going away and coming back, without stopping the shared test server: a TCP proxy
 * drops the connections and refuses new ones for a while (a crash and restart as the client
 * sees it), and {@code rabbitmqctl close_connection} makes the broker itself close a connection
 * (what a broker shutting down sends). Subscriptions resume, nothing acknowledged is lost and
 * whatever was in flight comes back.
 */
class ReconnectTest {

    @RegisterExtension
    final RabbitFixture rabbit = new RabbitFixture();

    private TcpProxy proxy;

    @BeforeEach
    void startProxy() throws Exception {
        proxy = new TcpProxy(rabbit.vertx, 5672);
    }

    @AfterEach
    void stopProxy() throws Exception {
        proxy.close();
    }

    @Test
    void aSubscriptionResumesAfterAnOutageAndGetsBackWhatWasInFlight() throws Exception {
        String topic = rabbit.topic();
        // a queue that outlives its consumer, as a broker restart needs (daprd: the same)
        Map<String, String> survive = Map.of("deletedWhenUnused", "false");
        RabbitMqPubSub subscriber = rabbit.pubsub(with(survive, "connectionString", proxy.uri()));
        RabbitMqPubSub publisher = rabbit.pubsub(survive);
        AtomicBoolean holdFirst = new AtomicBoolean(true);
        Inbox inbox = new Inbox().answering(m -> Inbox.text(m).equals("held") && holdFirst.getAndSet(false)
                ? Uni.createFrom().nothing()
                : Uni.createFrom().voidItem());
        subscribe(subscriber, topic, Map.of(), inbox);
        await(publisher.publish(request(topic, "before", Map.of())));
        assertEquals("before", Inbox.text(inbox.next()));
        await(publisher.publish(request(topic, "held", Map.of())));
        assertEquals("held", Inbox.text(inbox.next()));

        proxy.refuse(true);
        proxy.cut();
        await(publisher.publish(request(topic, "during", Map.of())));
        Thread.sleep(800); // a few refused reconnect attempts
        int acceptedBefore = proxy.accepted();
        proxy.refuse(false);

        // at least once: "before" may come again too when its ack was still on the wire at the cut
        Set<String> after = new HashSet<>();
        for (int i = 0; i < 5 && !after.containsAll(Set.of("held", "during")); i++) {
            String text = Inbox.text(inbox.next());
            assertTrue(Set.of("before", "held", "during").contains(text), "unexpected message " + text);
            after.add(text);
        }
        assertTrue(after.containsAll(Set.of("held", "during")),
                "redelivered in-flight message and the one sent meanwhile: " + after);
        assertTrue(proxy.accepted() > acceptedBefore, "reconnected through the proxy");
        await(publisher.publish(request(topic, "after", Map.of())));
        assertEquals("after", Inbox.text(inbox.next()));
        inbox.nothingWithin(Duration.ofMillis(800));
    }

    @Test
    void aSubscriptionResumesAfterTheBrokerClosesItsConnection() throws Exception {
        String topic = rabbit.topic();
        String client = "quapr-test-" + UUID.randomUUID();
        RabbitMqPubSub pubsub = rabbit.pubsub(Map.of("deletedWhenUnused", "false", "clientName", client));
        Inbox inbox = new Inbox();
        subscribe(pubsub, topic, Map.of(), inbox);
        await(pubsub.publish(request(topic, "one", Map.of())));
        assertEquals("one", Inbox.text(inbox.next()));

        assertEquals(2, forceClose(client), "the publisher's and the subscription's connections");
        Thread.sleep(300);
        // the publisher reconnects on demand, the subscription by itself
        await(pubsub.publish(request(topic, "two", Map.of())));
        assertEquals("two", Inbox.text(inbox.next()));
    }

    @Test
    void publishingFailsClearlyWhileTheBrokerIsAwayAndWorksOnceItIsBack() throws Exception {
        String topic = rabbit.topic();
        RabbitMqPubSub pubsub = rabbit.pubsub(Map.of("connectionString", proxy.uri()));
        await(pubsub.publish(request(topic, "first", Map.of())));
        proxy.refuse(true);
        proxy.cut();
        Thread.sleep(300);
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> await(pubsub.publish(request(topic, "lost", Map.of()))));
        assertTrue(e.getMessage().contains("cannot connect to RabbitMQ"), e.getMessage());
        proxy.refuse(false);
        await(pubsub.publish(request(topic, "again", Map.of())));
    }

    @Test
    void everyPublishReportedDoneArrivesWhenTheConnectionDropsMidStream() throws Exception {
        String topic = rabbit.topic();
        Inbox inbox = new Inbox();
        subscribe(rabbit.pubsub(Map.of()), topic, Map.of(), inbox);
        RabbitMqPubSub publisher = rabbit.pubsub("publisher", Map.of("connectionString", proxy.uri()));
        await(publisher.publish(request(topic, "warm-up", Map.of())));
        assertEquals("warm-up", Inbox.text(inbox.next()));
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sends.add(publisher.publish(request(topic, "p" + i, Map.of())).subscribeAsCompletionStage());
        }
        // cut while the rest are in flight: unconfirmed ones are sent once more on a new connection
        sends.get(50).whenComplete((v, err) -> proxy.cut());
        Set<String> done = new HashSet<>();
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get(RabbitFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS);
                done.add("p" + i);
            } catch (ExecutionException e) {
                // reported failed: the publisher knows to try again
            }
        }
        Set<String> arrived = new HashSet<>();
        while (!arrived.containsAll(done)) {
            arrived.add(Inbox.text(inbox.next()));
        }
        assertEquals(300, done.size(), "publishes completed: a connection drop costs none of them");
    }

    @Test
    void aCancelledSubscriptionStopsReconnecting() throws Exception {
        String topic = rabbit.topic();
        RabbitMqPubSub pubsub = rabbit.pubsub(Map.of("connectionString", proxy.uri()));
        Subscription s = subscribe(pubsub, topic, Map.of(), new Inbox());
        proxy.refuse(true);
        proxy.cut();
        Thread.sleep(600);
        await(s.cancel());
        proxy.refuse(false);
        int accepted = proxy.accepted();
        Thread.sleep(1000);
        assertEquals(accepted, proxy.accepted(), "no connection attempt after cancel()");
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }

    /** Makes the broker close every connection whose name starts with {@code clientName}; returns how many. */
    private static int forceClose(String clientName) throws Exception {
        List<String> pids = new ArrayList<>();
        for (String line : run("rabbitmqctl", "list_connections", "-q", "--no-table-headers", "pid",
                "client_properties")) {
            if (line.contains(clientName)) {
                pids.add(line.substring(0, line.indexOf('\t')).trim());
            }
        }
        for (String pid : pids) {
            run("rabbitmqctl", "close_connection", pid, "quapr test: broker closing");
        }
        return pids.size();
    }

    private static List<String> run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            r.lines().forEach(lines::add);
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + lines);
        return lines;
    }
}
