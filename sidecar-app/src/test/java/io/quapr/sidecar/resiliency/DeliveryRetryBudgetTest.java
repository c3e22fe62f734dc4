package io.quapr.sidecar.resiliency;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quapr.sidecar.testing.app.TestApp;
import io.quapr.sidecar.testing.pubsub.MemoryPubSub;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The retry budget of a {@code components.<pubsub>.inbound} policy ({@code maxRetries: 2}): an
 * app that fails twice gets exactly 3 attempts and takes the message; an app that always fails
 * gets exactly 3 too, then the message goes to the dead-letter topic. One retry layer only.
 */
@QuarkusTest
@WithTestResource(ResiliencyTestResource.class)
class DeliveryRetryBudgetTest {

    static void publish(String topic, String data) {
        TestApp.until(() -> MemoryPubSub.subscribed("resilientpubsub", topic), Duration.ofSeconds(10));
        given().contentType("text/plain").body(data).post("/v1.0/publish/resilientpubsub/" + topic).then()
                .statusCode(204);
    }

    @Test
    void appFailingTwiceGetsExactlyThreeAttempts() {
        String data = "500-twice-then-ok:" + UUID.randomUUID();
        publish("budget", data);

        TestApp.until(() -> TestApp.deliveries("/budget", data).size() == 3, Duration.ofSeconds(10));
        sleep(300);
        assertEquals(3, TestApp.deliveries("/budget", data).size(), "the third attempt succeeded: no fourth");
        assertEquals(0, TestApp.deliveries("/dlq", data).size());
    }

    @Test
    void anExhaustedBudgetGoesToTheDeadLetterTopic() {
        String data = "always-500:" + UUID.randomUUID();
        publish("budget", data);

        TestApp.await("/dlq", data);
        assertEquals(3, TestApp.deliveries("/budget", data).size(), "1 attempt + maxRetries 2");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
