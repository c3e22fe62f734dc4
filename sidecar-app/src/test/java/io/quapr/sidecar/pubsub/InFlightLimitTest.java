package io.quapr.sidecar.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** At most N deliveries of a subscription at once; the rest wait their turn, in order. */
class InFlightLimitTest {

    @Test
    void startsNoMoreThanTheLimitAndTheNextWhenOneEnds() {
        InFlightLimit limit = new InFlightLimit(2);
        List<UniEmitter<? super String>> started = new ArrayList<>();
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            limit.run(() -> Uni.createFrom().<String>emitter(started::add)).subscribe()
                    .with(v -> done.incrementAndGet());
        }

        assertEquals(2, started.size());
        assertEquals(2, limit.running());
        started.get(0).complete("a");
        assertEquals(3, started.size(), "a free slot starts the next");
        started.get(1).fail(new RuntimeException("x"));
        started.get(2).complete("c");
        started.get(3).complete("d");
        started.get(4).complete("e");

        assertEquals(4, done.get());
        assertEquals(0, limit.running());
    }
}
