package io.quapr.sidecar.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quapr.spi.pubsub.Message;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Bulk subscribe has an in-flight bound of its own: at most max(max-in-flight, maxMessagesCount)
 * messages between joining a batch and being settled; the broker's further messages wait their
 * turn, in order, and join the next batches as slots free up.
 */
class BulkInFlightLimitTest {

    /** The batches the app was handed, and the answers it has not given yet. */
    private final List<BulkPostman.Batch> batches = new CopyOnWriteArrayList<>();
    private final List<UniEmitter<? super Map<String, AppOutcome>>> answers = new CopyOnWriteArrayList<>();
    private final AtomicInteger settled = new AtomicInteger();

    private final BulkPostman app = batch -> Uni.createFrom().emitter(e -> {
        batches.add(batch);
        answers.add(e);
    });

    @Test
    void noMoreThanTheBoundIsUnderWayAndWaitingMessagesFollowInOrder() {
        // batches of 2, bound max(4, 2) = 4: two batches at the app, then the rest waits
        BulkDelivery delivery = delivery(2, 4);
        for (int i = 1; i <= 7; i++) {
            delivery.handle(message("m" + i)).subscribe().with(v -> settled.incrementAndGet());
        }
        assertEquals(List.of(List.of("m1", "m2"), List.of("m3", "m4")), sent());

        answerAll(0);
        assertEquals(2, settled.get());
        assertEquals(List.of("m5", "m6"), sent().get(2), "the two freed slots let the next two in, in order");
        assertEquals(3, batches.size(), "m7 still waits: four are under way");

        answerAll(1);
        assertEquals(4, settled.get());
        assertEquals(3, batches.size(), "m7 joined a batch that waits for a second entry or the await time");
    }

    @Test
    void theBoundIsNeverBelowOneFullBatch() {
        // max-in-flight 1 with batches of 3: a full batch still forms and goes by count
        BulkDelivery delivery = delivery(3, 1);
        for (int i = 1; i <= 4; i++) {
            delivery.handle(message("m" + i)).subscribe().with(v -> settled.incrementAndGet());
        }
        assertEquals(List.of(List.of("m1", "m2", "m3")), sent());
        answerAll(0);
        assertEquals(3, settled.get());
    }

    private List<List<String>> sent() {
        return batches.stream().map(b -> b.entries().stream().map(e -> e.cloudEvent().path("data").asText()).toList())
                .toList();
    }

    /** The app takes every entry of the {@code i}th batch. */
    private void answerAll(int i) {
        Map<String, AppOutcome> outcomes = new HashMap<>();
        batches.get(i).entries().forEach(e -> outcomes.put(e.entryId(), AppOutcome.SUCCESS));
        answers.get(i).complete(outcomes);
    }

    private BulkDelivery delivery(int maxMessagesCount, int maxInFlight) {
        // an await far beyond the test, so batches go by count only
        SubscriptionSpec spec = new SubscriptionSpec("s", "test", "pubsub", "t",
                List.of(SubscriptionSpec.Rule.of("", "/x")), "", Map.of(),
                new SubscriptionSpec.Bulk(true, maxMessagesCount, 600_000), SubscriptionSpec.Type.DECLARATIVE);
        return new BulkDelivery(spec, "", app, null, io.quapr.sidecar.resiliency.PolicyRunner.none(),
                maxInFlight, () -> false);
    }

    private static Message message(String data) {
        String ce = "{\"id\":\"" + data + "\",\"specversion\":\"1.0\",\"datacontenttype\":\"text/plain\",\"data\":\""
                + data + "\"}";
        return new Message("t", ce.getBytes(StandardCharsets.UTF_8), "application/cloudevents+json", Map.of());
    }
}
