package io.quapr.sidecar.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.sidecar.testing.app.TestApp;
import io.quapr.sidecar.testing.app.TestAppResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The app's answer decides a delivery: success, retry (RETRY, 500, unknown status) with the one
 * retry policy (3 attempts in tests), drop (DROP, 404); dropped and exhausted messages go to the
 * dead-letter topic when the subscription has one.
 */
@QuarkusTest
@WithTestResource(TestAppResource.class)
class DeliveryOutcomesTest {

    @Test
    void retryStatusIsRedeliveredUntilSuccess() {
        String data = "retry-then-ok:" + UUID.randomUUID();
        SubscriptionDeliveryTest.publish("outcomes", data);

        await(() -> TestApp.deliveries("/outcome", data).size() == 2);
        sleep(300);
        assertEquals(2, TestApp.deliveries("/outcome", data).size(), "done after the success");
        assertTrue(TestApp.deliveries("/dlq", data).isEmpty());
    }

    @Test
    void serverErrorIsRedeliveredUntilSuccess() {
        String data = "500-then-ok:" + UUID.randomUUID();
        SubscriptionDeliveryTest.publish("outcomes", data);

        await(() -> TestApp.deliveries("/outcome", data).size() == 2);
    }

    @Test
    void nonJsonSuccessBodyIsDone() {
        String data = "garbage:" + UUID.randomUUID();
        SubscriptionDeliveryTest.publish("outcomes", data);

        TestApp.await("/outcome", data);
        sleep(300);
        assertEquals(1, TestApp.deliveries("/outcome", data).size());
    }

    @Test
    void dropStatusGoesToTheDeadLetterTopicAtOnce() {
        String data = "drop:" + UUID.randomUUID();
        SubscriptionDeliveryTest.publish("outcomes", data);

        TestApp.Delivery dead = TestApp.await("/dlq", data);
        assertEquals(1, TestApp.deliveries("/outcome", data).size());
        assertEquals("outcomes", dead.event().path("topic").asText(), "the dead letter is the message as it came");
    }

    @Test
    void notFoundGoesToTheDeadLetterTopicAtOnce() {
        String data = "404:" + UUID.randomUUID();
        SubscriptionDeliveryTest.publish("outcomes", data);

        TestApp.await("/dlq", data);
        assertEquals(1, TestApp.deliveries("/outcome", data).size());
    }

    @Test
    void poisonMessageIsDeadLetteredAfterTheLastAttemptAndTheRestKeepsFlowing() {
        String poison = "always-500:" + UUID.randomUUID();
        String stubborn = "always-retry:" + UUID.randomUUID();
        String next = "ok:" + UUID.randomUUID();
        SubscriptionDeliveryTest.publish("outcomes", poison);
        SubscriptionDeliveryTest.publish("outcomes", stubborn);
        SubscriptionDeliveryTest.publish("outcomes", next);

        TestApp.await("/outcome", next);
        TestApp.await("/dlq", poison);
        TestApp.await("/dlq", stubborn);
        assertEquals(3, TestApp.deliveries("/outcome", poison).size(), "max-attempts is 3 in tests");
        assertEquals(3, TestApp.deliveries("/outcome", stubborn).size());
    }

    @Test
    void withoutDeadLetterTopicAnExhaustedMessageIsDropped() {
        String data = "always-500:" + UUID.randomUUID();
        SubscriptionDeliveryTest.publish("nodlq", data);

        await(() -> TestApp.deliveries("/nodlq", data).size() == 3);
        sleep(300);
        assertEquals(3, TestApp.deliveries("/nodlq", data).size(), "no redelivery after the drop");
    }

    private static void await(BooleanSupplier condition) {
        TestApp.until(condition, Duration.ofSeconds(10));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
