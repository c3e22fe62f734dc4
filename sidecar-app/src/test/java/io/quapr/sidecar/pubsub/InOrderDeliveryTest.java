package io.quapr.sidecar.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quapr.sidecar.resiliency.PolicyRunner;
import io.quapr.sidecar.telemetry.Telemetry;
import io.quapr.spi.pubsub.Message;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The opt-in in-order mode: one message at a time per value of the named metadata key, in
 * arrival order, while other values go in parallel.
 */
class InOrderDeliveryTest {

    private final List<String> started = new CopyOnWriteArrayList<>();
    private final List<UniEmitter<? super AppOutcome>> answers = new CopyOnWriteArrayList<>();

    private final Postman app = letter -> Uni.createFrom().emitter(e -> {
        started.add(letter.cloudEvent().path("data").asText());
        answers.add(e);
    });

    @Test
    void sameKeyWaitsForTheOneBeforeOtherKeysDoNot() {
        TopicDelivery delivery = delivery(Map.of(TopicDelivery.IN_ORDER_BY, "partitionKey"));

        delivery.handle(message("a1", "A")).subscribe().with(v -> {
        });
        delivery.handle(message("a2", "A")).subscribe().with(v -> {
        });
        delivery.handle(message("b1", "B")).subscribe().with(v -> {
        });

        assertEquals(List.of("a1", "b1"), started, "a2 waits for a1, b1 does not");
        answers.get(0).complete(AppOutcome.SUCCESS);
        assertEquals(List.of("a1", "b1", "a2"), started);
    }

    @Test
    void withoutTheModeEverythingGoesInParallel() {
        TopicDelivery delivery = delivery(Map.of());

        delivery.handle(message("a1", "A")).subscribe().with(v -> {
        });
        delivery.handle(message("a2", "A")).subscribe().with(v -> {
        });

        assertEquals(List.of("a1", "a2"), started);
    }

    private TopicDelivery delivery(Map<String, String> metadata) {
        SubscriptionSpec spec = new SubscriptionSpec("s", "test", "pubsub", "t",
                List.of(SubscriptionSpec.Rule.of("", "/x")), "", metadata, SubscriptionSpec.Bulk.NONE,
                SubscriptionSpec.Type.DECLARATIVE);
        return new TopicDelivery(spec, "", app, null, Telemetry.off(), PolicyRunner.none(),
                16, () -> false);
    }

    private static Message message(String data, String key) {
        String ce = "{\"id\":\"" + data + "\",\"specversion\":\"1.0\",\"datacontenttype\":\"text/plain\",\"data\":\""
                + data + "\"}";
        return new Message("t", ce.getBytes(StandardCharsets.UTF_8), "application/cloudevents+json",
                Map.of("partitionKey", key));
    }
}
