package io.quapr.components.pubsub.redis;

import io.quapr.spi.pubsub.Message;
import io.quapr.spi.pubsub.MessageHandler;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A handler that records what it is given and answers as the test says: given the message's
 * text and how often that text has now arrived (1 the first time), the {@code Uni} to answer.
 */
final class Recorder implements MessageHandler {

    private final BiFunction<String, Integer, Uni<Void>> answer;
    private final List<Message> messages = new ArrayList<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private int inFlight;
    private int maxInFlight;

    Recorder(BiFunction<String, Integer, Uni<Void>> answer) {
        this.answer = answer;
    }

    /** Accepts everything at once. */
    static Recorder accepting() {
        return new Recorder((text, n) -> Uni.createFrom().voidItem());
    }

    /** Rejects the first delivery of every message, accepts the later ones. */
    static Recorder rejectingFirst() {
        return new Recorder((text, n) -> n == 1
                ? Uni.createFrom().failure(new IllegalStateException("first try"))
                : Uni.createFrom().voidItem());
    }

    @Override
    public Uni<Void> handle(Message message) {
        String text = new String(message.data(), StandardCharsets.UTF_8);
        int n;
        synchronized (this) {
            messages.add(message);
            n = counts.merge(text, 1, Integer::sum);
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
        }
        return answer.apply(text, n).onTermination().invoke(() -> {
            synchronized (this) {
                inFlight--;
            }
        });
    }

    synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    synchronized int count(String text) {
        return counts.getOrDefault(text, 0);
    }

    synchronized int distinct() {
        return counts.size();
    }

    synchronized int total() {
        return messages.size();
    }

    synchronized int maxInFlight() {
        return maxInFlight;
    }

    /** Waits until the text has arrived {@code times} times. */
    boolean awaitCount(String text, int times, Duration within) throws InterruptedException {
        return StreamFixture.eventually(within, () -> count(text) >= times);
    }
}
