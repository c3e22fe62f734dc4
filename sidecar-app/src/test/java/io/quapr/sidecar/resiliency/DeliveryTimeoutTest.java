package io.quapr.sidecar.resiliency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.sidecar.testing.app.TestApp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A per-topic inbound policy ({@code components.resilientpubsub/slow}: timeout 300ms, no retry)
 * replaces the pub/sub's own ({@code maxRetries: 2}): a slow app is cut after 300ms, its request
 * is cancelled (the app sees its connection closed, long before it would answer), it is not
 * retried, and the message goes to the dead-letter topic.
 */
@QuarkusTest
@WithTestResource(ResiliencyTestResource.class)
class DeliveryTimeoutTest {

    @Test
    void slowAppIsCutAndItsCallCancelled() {
        String data = "slow:" + UUID.randomUUID();
        long start = System.nanoTime();
        DeliveryRetryBudgetTest.publish("slow", data);

        TestApp.until(() -> TestApp.connectionClosed(data), Duration.ofSeconds(3));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 2500, "cut by the 300ms timeout, not by the app's 5s answer: " + millis + "ms");
        TestApp.await("/dlq", data);
        assertEquals(1, TestApp.deliveries("/slow", data).size(), "the topic's policy has no retry");
    }
}
