package io.quapr.sidecar.testing;

import io.quapr.sidecar.Shutdown;
import io.quarkus.test.Mock;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replaces the shutdown API's action in every test: it counts requests instead of stopping the
 * application the other tests run in.
 */
@Mock
@ApplicationScoped
public class RecordingShutdown extends Shutdown {

    private final AtomicInteger requests = new AtomicInteger();

    @Override
    public void request() {
        requests.incrementAndGet();
    }

    /** How many shutdowns were requested so far. */
    public int requests() {
        return requests.get();
    }
}
