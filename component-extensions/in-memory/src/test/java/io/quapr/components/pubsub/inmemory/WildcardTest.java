package io.quapr.components.pubsub.inmemory;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class WildcardTest {

    private static final Vertx VERTX = Vertx.vertx();

    @AfterAll
    static void closeVertx() {
        VERTX.close().toCompletionStage().toCompletableFuture().join();
    }

    private static TopicSubscription subscription(String topic) {
        return new TopicSubscription(topic, m -> Uni.createFrom().voidItem(), 1, Duration.ofSeconds(1), VERTX, s -> {
        });
    }

    @Test
    void aTrailingStarMatchesLongerTopicsWithThePrefix() {
        TopicSubscription s = subscription("orders/*");
        assertTrue(s.matches("orders/eu"));
        assertTrue(s.matches("orders/eu/1"));
        assertFalse(s.matches("orders/"), "Dapr's wildcard needs something after the prefix");
        assertFalse(s.matches("orders"));
        assertFalse(s.matches("invoices/eu"));
    }

    @Test
    void anythingElseMatchesExactly() {
        TopicSubscription s = subscription("orders/eu");
        assertTrue(s.matches("orders/eu"));
        assertFalse(s.matches("orders/eu/1"));
        assertFalse(s.matches("Orders/eu"));
        assertFalse(subscription("a*b").matches("axxb"), "a star is a wildcard only at the end");
    }
}
