package io.quapr.components.pubsub.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quapr.spi.pubsub.Message;
import io.quapr.spi.pubsub.MessageHandler;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A message handler standing in for the sidecar: records every delivery, answers with an
 * outcome the test chooses (by default: handled), and counts handlers in flight.
 */
final class Inbox implements MessageHandler {

    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Function<Message, Uni<Void>> outcome = m -> Uni.createFrom().voidItem();

    /** Answers every later delivery with this outcome. */
    Inbox answering(Function<Message, Uni<Void>> outcome) {
        this.outcome = outcome;
        return this;
    }

    @Override
    public Uni<Void> handle(Message message) {
        // counted before it is visible to the test thread, which reads the count once it sees it
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        received.add(message);
        return outcome.apply(message).onTermination().invoke(inFlight::decrementAndGet);
    }

    /** The next delivery, waiting up to the fixture's wait. */
    Message next() throws InterruptedException {
        Message m = received.poll(RabbitFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(m, "no message delivered within " + RabbitFixture.WAIT);
        return m;
    }

    /** The next delivery within this wait, or {@code null}. */
    Message poll(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The text of the next {@code n} deliveries, in arrival order. */
    List<String> texts(int n) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(text(next()));
        }
        return out;
    }

    /** Asserts that nothing arrives for this long. */
    void nothingWithin(Duration quiet) throws InterruptedException {
        Message m = received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        assertNull(m, () -> "unexpected delivery: " + text(m));
    }

    /** The most handlers that ran at once. */
    int maxInFlight() {
        return maxInFlight.get();
    }

    static String text(Message m) {
        return new String(m.data(), StandardCharsets.UTF_8);
    }
}
