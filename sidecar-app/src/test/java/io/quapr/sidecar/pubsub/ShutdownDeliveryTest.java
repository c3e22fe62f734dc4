package io.quapr.sidecar.pubsub;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quapr.sidecar.resiliency.PolicyRunner;
import io.quapr.sidecar.telemetry.Telemetry;
import io.quapr.spi.pubsub.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** While the sidecar shuts down a delivery fails, so the component leaves the message unacknowledged. */
class ShutdownDeliveryTest {

    @Test
    void messageArrivingDuringShutdownIsNotTaken() {
        SubscriptionSpec spec = new SubscriptionSpec("s", "test", "pubsub", "t",
                List.of(SubscriptionSpec.Rule.of("", "/x")), "dlq", Map.of(), SubscriptionSpec.Bulk.NONE,
                SubscriptionSpec.Type.DECLARATIVE);
        TopicDelivery delivery = new TopicDelivery(spec, "", null, null, Telemetry.off(),
                PolicyRunner.none(), 4, () -> true);

        Message m = new Message("t", "{}".getBytes(StandardCharsets.UTF_8), "application/cloudevents+json", Map.of());
        assertThrows(IllegalStateException.class, () -> delivery.handle(m).await().atMost(Duration.ofSeconds(1)));
    }
}
