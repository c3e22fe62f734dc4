package io.quapr.sidecar.components;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A replaced component is closed only after the calls it had taken: what hot reload waits for. */
class InFlightCallsTest {

    @Test
    void retiringWaitsForTheCallsInFlight() {
        InFlightCalls calls = new InFlightCalls();
        assertTrue(calls.enter());
        assertTrue(calls.enter());

        CompletableFuture<Void> drained = calls.retire().toCompletableFuture();
        assertFalse(drained.isDone(), "two calls still in flight");
        calls.exit();
        assertFalse(drained.isDone(), "one call still in flight");
        calls.exit();
        assertTrue(drained.isDone());
    }

    @Test
    void aCallStartingAfterTheDrainIsRefused() {
        InFlightCalls calls = new InFlightCalls();
        assertTrue(calls.retire().toCompletableFuture().isDone(), "nothing in flight: drained at once");
        assertFalse(calls.enter(), "the instance may be closed already");
    }

    @Test
    void aCallStartingWhileOthersRunIsCountedIn() {
        InFlightCalls calls = new InFlightCalls();
        assertTrue(calls.enter());
        CompletableFuture<Void> drained = calls.retire().toCompletableFuture();
        assertTrue(calls.enter(), "the old instance is still open: the late call runs on it");
        calls.exit();
        assertFalse(drained.isDone());
        calls.exit();
        assertTrue(drained.isDone());
    }
}
